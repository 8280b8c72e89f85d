package io.sluice.protocol.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelectorTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t\r\n\f  "})
    void noTextMeansNoSelector(String text) throws InvalidSelectorSyntaxException {
        Selector selector = Selector.parse(text);
        assertThat(selector).isSameAs(Selector.MATCH_ALL);
        assertThat(selector.isMatchAll()).isTrue();
        assertThat(selector.text()).isEmpty();
        assertThat(selector.identifiers()).isEmpty();
        assertThat(selector.matches(name -> {
                    throw new AssertionError("looked up " + name);
                }))
                .isTrue();
    }

    @Test
    void otherWhitespaceIsNotNothing() {
        assertThatThrownBy(() -> Selector.parse("\u00A0")).isInstanceOf(InvalidSelectorSyntaxException.class);
    }

    @Test
    void keepsTheTextAndComparesByIt() throws InvalidSelectorSyntaxException {
        Selector selector = Selector.parse("JMSType = 'car'");
        assertThat(selector.text()).isEqualTo("JMSType = 'car'");
        assertThat(selector.toString()).isEqualTo("JMSType = 'car'");
        assertThat(selector).isEqualTo(Selector.parse("JMSType = 'car'"));
        assertThat(selector).hasSameHashCodeAs(Selector.parse("JMSType = 'car'"));
        assertThat(selector).isNotEqualTo(Selector.parse("JMSType='car'"));
        assertThat(selector.isMatchAll()).isFalse();
    }

    @Test
    void listsTheInternedIdentifiersInOrderOfAppearance() throws InvalidSelectorSyntaxException {
        Selector selector = Selector.parse(
                "color = 'blue' AND (weight > 2500 OR JMSPriority > 4) AND color <> 'red' AND JMSXGroupID IS NULL");
        assertThat(selector.identifiers()).containsExactly("color", "weight", "JMSPriority", "JMSXGroupID");
        String fresh = new String("weight".toCharArray());
        assertThat(selector.identifiers()).allSatisfy(name -> assertThat(name).isSameAs(name.intern()));
        assertThat(selector.identifiers()).contains(fresh);
        assertThatThrownBy(() -> selector.identifiers().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void passesTheInternedNamesToTheContext() throws InvalidSelectorSyntaxException {
        String text = "a" + "bc = 1 AND " + new String("xyz".toCharArray()) + " IS NULL";
        Selector selector = Selector.parse(text);
        List<String> asked = new ArrayList<>();
        selector.matches(name -> {
            asked.add(name);
            return name == "abc" ? 1 : null; // identity on purpose: names are interned
        });
        assertThat(asked).containsExactly("abc", "xyz");
        assertThat(selector.matches(Map.<String, Object>of("abc", 1)::get)).isTrue();
    }

    @Test
    void constantSelectorsNeedNoMessage() throws InvalidSelectorSyntaxException {
        SelectorContext noLookups = name -> {
            throw new AssertionError("looked up " + name);
        };
        assertThat(Selector.parse("TRUE").isMatchAll()).isTrue();
        assertThat(Selector.parse("1 + 1 = 2 AND 'a' <> 'b'").isMatchAll()).isTrue();
        assertThat(Selector.parse("1 = 2").isMatchAll()).isFalse();
        assertThat(Selector.parse("1 = 2").matches(noLookups)).isFalse();
        assertThat(Selector.parse("1 / 0 = 1").matches(noLookups)).isFalse();
        assertThat(Selector.parse("NOT (1 / 0 = 1)").matches(noLookups)).isFalse();
    }

    @Test
    void stopsEvaluatingWhenTheResultIsKnown() throws InvalidSelectorSyntaxException {
        List<String> asked = new ArrayList<>();
        SelectorContext context = name -> {
            asked.add(name);
            return name.equals("yes");
        };
        assertThat(Selector.parse("yes OR a OR b").matches(context)).isTrue();
        assertThat(Selector.parse("no AND c").matches(context)).isFalse();
        assertThat(asked).containsExactly("yes", "no");
    }

    @Test
    void refusesANullContextOrLimits() throws InvalidSelectorSyntaxException {
        Selector selector = Selector.parse("a = 1");
        assertThatThrownBy(() -> selector.matches(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Selector.parse("a = 1", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void refusesSelectorsLongerThanTheLimit() throws InvalidSelectorSyntaxException {
        String text = "a = '" + "x".repeat(16 * 1024 - 6) + "'";
        assertThat(text).hasSize(16 * 1024);
        assertThat(Selector.parse(text).matches(name -> "x".repeat(16 * 1024 - 6)))
                .isTrue();
        assertThatThrownBy(() -> Selector.parse(text + " "))
                .isInstanceOf(InvalidSelectorSyntaxException.class)
                .hasMessage("selector is 16385 characters long; the limit is 16384");
        SelectorLimits small = new SelectorLimits(10, 64);
        assertThatThrownBy(() -> Selector.parse("abc = 'def'", small))
                .hasMessage("selector is 11 characters long; the limit is 10");
        assertThat(Selector.parse("abc = 'de'", small).text()).isEqualTo("abc = 'de'");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() throws InvalidSelectorSyntaxException {
        SelectorLimits limits = new SelectorLimits(1000, 3);
        assertThat(Selector.parse("((NOT a))", limits).matches(name -> false)).isTrue();
        assertThat(Selector.parse("(a = - -1)", limits).matches(name -> 1)).isTrue();
        assertThat(Selector.parse("(((a)))", limits).matches(name -> true)).isTrue();
        assertThatThrownBy(() -> Selector.parse("((((a))))", limits))
                .hasMessage("selector nested deeper than 3 levels at column 4: "
                        + "each parenthesis, NOT and unary sign adds a level");
        assertThatThrownBy(() -> Selector.parse("NOT NOT NOT NOT a", limits)).hasMessageContaining("column 13");
        assertThatThrownBy(() -> Selector.parse("a = - - - -1", limits)).hasMessageContaining("column 11");
        assertThat(Selector.parse("a = -9223372036854775808", new SelectorLimits(100, 1))
                        .matches(name -> Long.MIN_VALUE))
                .isTrue();
    }

    @Test
    void validatesLimits() {
        assertThat(SelectorLimits.DEFAULT).isEqualTo(new SelectorLimits(16384, 64));
        assertThatThrownBy(() -> new SelectorLimits(0, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLengthChars");
        assertThatThrownBy(() -> new SelectorLimits(100, 0)).hasMessageContaining("maxNestingDepth");
        assertThatThrownBy(() -> new SelectorLimits(100, SelectorLimits.MAX_NESTING_DEPTH_CAP + 1))
                .hasMessageContaining("between 1 and 128");
    }
}
