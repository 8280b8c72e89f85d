package io.sluice.protocol.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random input: token soups never make the parser hang or throw anything but {@link
 * InvalidSelectorSyntaxException}; random valid selectors parse, never throw when evaluated
 * against random messages, and obey the laws of three-valued logic. Each test prints its seed on
 * failure.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectorFuzzTest {
    private static final String[] VOCABULARY = {
        "NOT",
        "AND",
        "OR",
        "BETWEEN",
        "LIKE",
        "IN",
        "IS",
        "NULL",
        "ESCAPE",
        "TRUE",
        "FALSE",
        "not",
        "And",
        "oR",
        "between",
        "like",
        "in",
        "is",
        "null",
        "escape",
        "true",
        "false",
        "a",
        "b",
        "s",
        "x1",
        "$d",
        "_e",
        "JMSType",
        "JMSPriority",
        "JMSDeliveryMode",
        "JMSTimestamp",
        "JMSXDeliveryCount",
        "JMS_x",
        "JMSExpiration",
        "JMSfoo",
        "café",
        "ın",
        "'x'",
        "''",
        "'it''s'",
        "'%'",
        "'_a%'",
        "'!'",
        "'ab",
        "'",
        "''''",
        "0",
        "1",
        "-1",
        "42",
        "035",
        "09",
        "0x1d",
        "0xFFFFFFFF",
        "0b101",
        "1_000",
        "1_",
        "2147483648",
        "9223372036854775807",
        "9223372036854775808",
        "9223372036854775808L",
        "99999999999999999999",
        "7L",
        "1.5",
        "7.",
        ".7e4",
        "1e",
        "1e400",
        "1e-400",
        "7E-2",
        "2.5f",
        "1.5D",
        "0x1.8p1",
        "0x1.8",
        "1.2.3",
        "=",
        "<>",
        "<",
        "<=",
        ">",
        ">=",
        "+",
        "-",
        "*",
        "/",
        "(",
        ")",
        "(",
        ")",
        ",",
        "!",
        "!=",
        "==",
        "\"",
        "%",
        "_",
        ".",
        "&",
        "|",
        "#",
        "--",
        ";",
        "\u00A0",
        "\u0000",
        "\uD83D",
        "\uD83D\uDE00"
    };
    private static final String[] SEPARATORS = {" ", " ", " ", "", "\t", "\n", "\r\n", "\f"};
    private static final String[] IDENTIFIERS = {"a", "b", "c", "s", "t", "x", "JMSXGroupID"};

    @Test
    void tokenSoupOnlyEverFailsWithInvalidSelectorSyntax() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int parsed = 0;
        for (int round = 0; round < 300_000; round++) {
            String input = soup(random);
            try {
                Selector selector = Selector.parse(input);
                parsed++;
                selector.matches(randomMessage(random)::get);
            } catch (InvalidSelectorSyntaxException e) {
                assertThat(e.getMessage()).isNotBlank();
                assertThat(e.offset()).isBetween(-1, input.length());
            } catch (Throwable t) {
                fail("seed " + seed + ", input <" + input + ">: " + t, t);
            }
        }
        assertThat(parsed)
                .as("seed %d: some soups should be valid selectors", seed)
                .isPositive();
    }

    @Test
    void validSelectorsEvaluateWithoutThrowingAndObeyThreeValuedLogic() throws InvalidSelectorSyntaxException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 5_000; round++) {
            String text = condition(random, 5);
            String context = "seed " + seed + ", selector <" + text + ">";
            Selector selector;
            Selector negation;
            Selector doubleNegation;
            Selector andTrue;
            Selector excludedMiddle;
            try {
                selector = Selector.parse(text);
                negation = Selector.parse("NOT (" + text + ")");
                doubleNegation = Selector.parse("NOT NOT (" + text + ")");
                andTrue = Selector.parse("(" + text + ") AND TRUE");
                excludedMiddle = Selector.parse("(" + text + ") OR NOT (" + text + ")");
            } catch (InvalidSelectorSyntaxException e) {
                throw new AssertionError(context + ": " + e.getMessage(), e);
            }
            for (int m = 0; m < 10; m++) {
                Map<String, Object> message = randomMessage(random);
                boolean matches = selector.matches(message::get);
                boolean negationMatches = negation.matches(message::get);
                assertThat(matches && negationMatches)
                        .as(context + " " + message)
                        .isFalse();
                assertThat(doubleNegation.matches(message::get)).as(context).isEqualTo(matches);
                assertThat(andTrue.matches(message::get)).as(context).isEqualTo(matches);
                assertThat(excludedMiddle.matches(message::get)).as(context).isEqualTo(matches || negationMatches);
            }
        }
    }

    private static String soup(Random random) {
        StringBuilder input = new StringBuilder();
        int tokens = 1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 12);
        for (int i = 0; i < tokens; i++) {
            if (random.nextInt(25) == 0) {
                input.append((char) random.nextInt(0x3000));
            } else {
                input.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            }
            input.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        }
        return input.toString();
    }

    private static Map<String, Object> randomMessage(Random random) {
        Map<String, Object> message = new HashMap<>();
        for (String name : IDENTIFIERS) {
            message.put(name, randomValue(random));
        }
        message.put("JMSType", random.nextBoolean() ? null : pick(random, "car", "", "%_"));
        message.put("JMSPriority", random.nextInt(10));
        message.put("JMSDeliveryMode", pick(random, SelectorContext.PERSISTENT, SelectorContext.NON_PERSISTENT));
        return message;
    }

    private static Object randomValue(Random random) {
        switch (random.nextInt(16)) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return (byte) random.nextInt();
            case 3:
                return (short) random.nextInt(5);
            case 4:
                return pick(random, 0, 1, -1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE);
            case 5:
                return pick(random, 0L, 2L, Long.MAX_VALUE, Long.MIN_VALUE);
            case 6:
                return pick(random, 0.5f, Float.NaN, Float.POSITIVE_INFINITY, -0.0f);
            case 7:
                return pick(random, 1.5, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 0.0);
            case 8:
                return pick(random, new BigDecimal("1"), 'c', new int[0]);
            default:
                return pick(random, "", "x", "a", "it's", "%", "_a_", "ab\uD83D\uDE00", "1", "car");
        }
    }

    private static String condition(Random random, int depth) {
        int choice = random.nextInt(depth <= 0 ? 6 : 14);
        switch (choice) {
            case 0:
                return identifier(random);
            case 1:
                return pick(random, "TRUE", "FALSE", "true");
            case 2:
                return numeric(random, depth - 1) + " " + pick(random, "=", "<>", "<", "<=", ">", ">=") + " "
                        + numeric(random, depth - 1);
            case 3:
                return stringOperand(random) + " " + pick(random, "=", "<>") + " " + stringOperand(random);
            case 4:
                return identifier(random) + pick(random, " IS NULL", " IS NOT NULL");
            case 5:
                return identifier(random)
                        + pick(random, " IN ", " NOT IN ")
                        + pick(
                                random,
                                "('x')",
                                "('a', 'b', '')",
                                "('it''s', '1', '2', '3', '4', '5', '6', '7', '8', 'x')");
            case 6:
                return identifier(random)
                        + pick(random, " LIKE ", " NOT LIKE ")
                        + pick(
                                random,
                                "'%'",
                                "'a%'",
                                "'_a_'",
                                "'%x%'",
                                "'!%%' ESCAPE '!'",
                                "'a!_!!%' ESCAPE '!'",
                                "''");
            case 7:
                return numeric(random, depth - 1) + pick(random, " BETWEEN ", " NOT BETWEEN ")
                        + numeric(random, depth - 1) + " AND " + numeric(random, depth - 1);
            case 8:
                return booleanOperand(random, depth - 1) + " " + pick(random, "=", "<>") + " "
                        + booleanOperand(random, depth - 1);
            case 9:
                return "NOT " + condition(random, depth - 1);
            case 10:
            case 11:
                return condition(random, depth - 1) + pick(random, " AND ", " OR ") + condition(random, depth - 1);
            default:
                return "(" + condition(random, depth - 1) + ")";
        }
    }

    private static String numeric(Random random, int depth) {
        switch (random.nextInt(depth <= 0 ? 3 : 6)) {
            case 0:
                return identifier(random);
            case 1:
                return pick(
                        random,
                        "0",
                        "1",
                        "-7",
                        "2147483647",
                        "9223372036854775807",
                        "0x1d",
                        "035",
                        "1.5",
                        "2.5f",
                        "1e308",
                        "-9223372036854775808",
                        "JMSPriority");
            case 2:
                return pick(random, "0.0", ".5e1", "7L", "0b11");
            case 3:
                return pick(random, "-", "+") + numeric(random, depth - 1);
            case 4:
                return numeric(random, depth - 1) + " " + pick(random, "+", "-", "*", "/") + " "
                        + numeric(random, depth - 1);
            default:
                return "(" + numeric(random, depth - 1) + ")";
        }
    }

    private static String stringOperand(Random random) {
        return pick(random, identifier(random), "'x'", "''", "'it''s'", "JMSType", "JMSDeliveryMode");
    }

    private static String booleanOperand(Random random, int depth) {
        return random.nextBoolean()
                ? pick(random, identifier(random), "TRUE", "FALSE")
                : "(" + condition(random, depth) + ")";
    }

    private static String identifier(Random random) {
        return IDENTIFIERS[random.nextInt(IDENTIFIERS.length)];
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
