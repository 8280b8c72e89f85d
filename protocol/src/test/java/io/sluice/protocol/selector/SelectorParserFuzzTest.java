package io.sluice.protocol.selector;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the JMS selector parser and evaluator with arbitrary text (the input's UTF-8 decoding): parsing either succeeds or
 * fails with {@link InvalidSelectorSyntaxException} (never another exception, a hang or a stack
 * overflow), and a parsed selector evaluates against a message without throwing, the same way
 * twice.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectorParserFuzzTest {
    private static final Map<String, Object> MESSAGE = Map.of(
            "a",
            7,
            "b",
            2.5d,
            "s",
            "text",
            "t",
            Boolean.TRUE,
            "big",
            Long.MAX_VALUE,
            "JMSPriority",
            4,
            "JMSType",
            "order",
            "JMSDeliveryMode",
            SelectorContext.PERSISTENT);

    @FuzzTest(maxDuration = "30s")
    void parseAndEvaluate(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Selector selector;
        try {
            selector = Selector.parse(text);
        } catch (InvalidSelectorSyntaxException expected) {
            return;
        }
        boolean first = selector.matches(MESSAGE::get);
        if (first != selector.matches(MESSAGE::get)) {
            throw new AssertionError("selector '" + text + "' gave two answers");
        }
        selector.matches(name -> null);
    }
}
