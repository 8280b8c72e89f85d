package io.sluice.protocol.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The selector semantics as a table: selector, message, expected truth. TRUE means the selector
 * matches and {@code NOT (selector)} does not; FALSE the opposite; UNKNOWN that neither matches.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelectorEvaluationTest {
    private static final String T = "TRUE";
    private static final String F = "FALSE";
    private static final String U = "UNKNOWN";

    /** The message most rows run against; rows may add properties. */
    private static Map<String, Object> message() {
        Map<String, Object> m = new HashMap<>();
        m.put("t", true);
        m.put("f", false);
        // "u" is absent: NULL
        m.put("i", 1);
        m.put("l", 1L);
        m.put("d", 1.0);
        m.put("fl", 1.0f);
        m.put("b", (byte) 1);
        m.put("sh", (short) 1);
        m.put("s", "abc");
        m.put("empty", "");
        m.put("quote", "it's");
        m.put("JMSDeliveryMode", SelectorContext.PERSISTENT);
        m.put("JMSPriority", 5);
        m.put("JMSTimestamp", 1_700_000_000_000L);
        m.put("JMSType", "car");
        m.put("JMSMessageID", "ID:42");
        // JMSCorrelationID absent
        m.put("JMSXDeliveryCount", 2);
        m.put("JMSXGroupID", "g1");
        m.put("JMS_Sluice_Partition", 3);
        return m;
    }

    static Stream<Arguments> truthTables() {
        return Stream.of(
                // AND, every cell of the spec's table
                row("t AND t", T),
                row("t AND f", F),
                row("t AND u", U),
                row("f AND t", F),
                row("f AND f", F),
                row("f AND u", F),
                row("u AND t", U),
                row("u AND f", F),
                row("u AND u", U),
                // OR
                row("t OR t", T),
                row("t OR f", T),
                row("t OR u", T),
                row("f OR t", T),
                row("f OR f", F),
                row("f OR u", U),
                row("u OR t", T),
                row("u OR f", U),
                row("u OR u", U),
                // NOT
                row("NOT t", F),
                row("NOT f", T),
                row("NOT u", U),
                row("NOT NOT u", U),
                row("NOT NOT t", T),
                // longer chains and precedence: NOT binds tighter than AND, AND than OR
                row("t AND t AND u AND f", F),
                row("f OR f OR u OR t", T),
                row("t OR t AND f", T),
                row("(t OR t) AND f", F),
                row("NOT t AND f", F),
                row("NOT (t AND f)", T),
                row("f AND u OR t", T),
                row("u OR f AND t", U),
                // a non-boolean value where a condition is expected is UNKNOWN
                row("i", U),
                row("s", U),
                row("s AND t", U),
                row("s OR t", T),
                row("t", T),
                row("f", F),
                row("u", U),
                row("TRUE", T),
                row("FALSE", F),
                row("NOT FALSE", T),
                // conditions as values of = and <>
                row("(i > 0) = TRUE", T),
                row("(i > 0) = t", T),
                row("(i > 0) <> f", T),
                row("(u > 0) = TRUE", U),
                row("t = (s = 'abc')", T));
    }

    static Stream<Arguments> comparisons() {
        return Stream.of(
                row("i = 1", T),
                row("i <> 1", F),
                row("i < 2", T),
                row("i <= 1", T),
                row("i > 1", F),
                row("i >= 1", T),
                row("i >= 2", F),
                // numeric promotion across byte, short, int, long, float and double
                row("i = l", T),
                row("i = d", T),
                row("l = fl", T),
                row("b = sh", T),
                row("b = d", T),
                row("sh < 1.5", T),
                row("l > 0.5", T),
                row("fl >= i", T),
                row("x = 0.1", U), // absent
                row("fl01 = 0.1", F, "fl01", 0.1f), // float 0.1 widened to double differs from 0.1
                row("fl01 = 0.1F", T, "fl01", 0.1f),
                row("d01 = 0.1", T, "d01", 0.1),
                row("big = 16777216F", T, "big", 16_777_217), // int promoted to float, as in Java
                row("big = 16777216", F, "big", 16_777_217),
                row("ll = 9007199254740993", T, "ll", 9_007_199_254_740_993L),
                row("ll = 9007199254740992", F, "ll", 9_007_199_254_740_993L),
                row("ll = 9007199254740992.0", T, "ll", 9_007_199_254_740_993L), // long to double
                row("nan = nan", F, "nan", Double.NaN),
                row("nan <> nan", T, "nan", Double.NaN),
                row("nan < 1", F, "nan", Double.NaN),
                row("nan >= 1", F, "nan", Double.NaN),
                row("z = -0.0", T, "z", 0.0),
                // strings and booleans: = and <> only, exact and case-sensitive
                row("s = 'abc'", T),
                row("s <> 'abc'", F),
                row("s = 'ABC'", F),
                row("s <> 'abd'", T),
                row("empty = ''", T),
                row("quote = 'it''s'", T),
                row("'it''s' = quote", T),
                row("q2 = ''''''", T, "q2", "''"),
                row("t = TRUE", T),
                row("t <> FALSE", T),
                row("t = f", F),
                row("f = FALSE", T),
                // different types: UNKNOWN, so neither the comparison nor its negation matches
                row("s = 1", U),
                row("one = 1", U, "one", "1"),
                row("i = '1'", U),
                row("t = 1", U),
                row("t = 'true'", U),
                row("s = t", U),
                row("five > 1", U, "five", "5"), // ordering strings
                row("t > f", U), // ordering booleans
                row("s < other", U, "other", "abd"),
                row("s < other OR t", T, "other", "abd"),
                // NULL
                row("u = 1", U),
                row("u <> 1", U),
                row("u = u", U),
                row("u = 'x'", U),
                row("1 = u", U),
                row("1 = 1", T),
                row("1 = 2", F),
                // values of other types never compare
                row("x = 1", U, "x", new BigDecimal("1")),
                row("x = 'a'", U, "x", 'a'),
                row("x IS NOT NULL", T, "x", new byte[] {1}),
                row("x LIKE '%'", U, "x", new StringBuilder("a")),
                row("x IN ('a')", U, "x", new StringBuilder("a")),
                row("x", U, "x", new Object()));
    }

    static Stream<Arguments> arithmetic() {
        return Stream.of(
                row("i + 1 = 2", T),
                row("i - 2 = -1", T),
                row("i * 3 = 3", T),
                row("-i = -1", T),
                row("+i = 1", T),
                row("- - i = 1", T),
                row("-b = -1", T),
                row("-fl = -1", T),
                row("1 + 2 * 3 = 7", T),
                row("(1 + 2) * 3 = 9", T),
                row("10 - 4 - 3 = 3", T),
                row("16 / 4 / 2 = 2", T),
                row("- 2 * 3 = -6", T),
                row("2 * -3 = -6", T),
                row("- i + i = 0", T),
                row("i + l * d - fl / d = 1", T),
                // integer division truncates, as in Java; with a float or double it does not
                row("7 / 2 = 3", T),
                row("-7 / 2 = -3", T),
                row("7.0 / 2 = 3.5", T),
                row("7 / 2.0 = 3.5", T),
                row("seven / 2 = 3", T, "seven", 7L),
                row("seven / 2 = 3.5", T, "seven", 7.0f),
                // int arithmetic wraps around, as in Java; long literals or values widen it
                row("max + 1 < 0", T, "max", Integer.MAX_VALUE),
                row("max + 1L > 0", T, "max", Integer.MAX_VALUE),
                row("max + one > 0", T, "max", Integer.MAX_VALUE, "one", 1L),
                row("lmax + 1 < 0", T, "lmax", Long.MAX_VALUE),
                row("2147483647 + 1 < 0", T),
                row("2147483647L + 1 > 0", T),
                row("2147483648 + 1 > 0", T),
                row("-2147483648 - 1 > 0", T),
                // integer division by zero has no value: UNKNOWN; floating point follows IEEE 754
                row("i / 0 = 0", U),
                row("i / 0 <> 0", U),
                row("l / 0 > 0", U),
                row("i / zero = 1", U, "zero", 0),
                row("1.0 / 0 > 1000000", T),
                row("-1 / 0.0 < 0", T),
                row("fl / 0 > 1", T),
                row("0.0 / 0 = 0", F),
                row("0.0 / 0 <> 0", T),
                row("(i / 0 = 0) OR t", T),
                row("(i / 0 = 0) AND f", F),
                // NULL and non-numbers propagate as UNKNOWN
                row("u + 1 = 1", U),
                row("-u = 1", U),
                row("s + 1 = 1", U),
                row("t * 2 = 2", U),
                row("one + 1 = 2", U, "one", "1"),
                row("i + u * 0 = 1", U));
    }

    static Stream<Arguments> betweenInLikeIsNull() {
        return Stream.of(
                row("i BETWEEN 0 AND 2", T),
                row("i BETWEEN 1 AND 1", T),
                row("i BETWEEN 2 AND 3", F),
                row("i BETWEEN 2 AND 0", F),
                row("i NOT BETWEEN 2 AND 3", T),
                row("i NOT BETWEEN 0 AND 2", F),
                row("d BETWEEN 0.5 AND 1.5", T),
                row("l BETWEEN i AND d", T),
                row("i + 1 BETWEEN 2 AND 2", T),
                row("i BETWEEN 0 AND 2 AND f", F), // BETWEEN's AND binds first
                // NULL: the value, or a bound that does not already decide the result
                row("u BETWEEN 0 AND 2", U),
                row("u NOT BETWEEN 0 AND 2", U),
                row("i BETWEEN u AND 0", F),
                row("i NOT BETWEEN u AND 0", T),
                row("i BETWEEN u AND 2", U),
                row("i BETWEEN 2 AND u", F),
                row("i BETWEEN 0 AND u", U),
                row("seven BETWEEN 5 AND 10", U, "seven", "7"),
                row("seven NOT BETWEEN 5 AND 10", U, "seven", "7"),
                // IN
                row("s IN ('abc', 'def')", T),
                row("s IN ('def')", F),
                row("s NOT IN ('def')", T),
                row("s NOT IN ('abc', 'def')", F),
                row("s IN ('ABC')", F),
                row("quote IN ('it''s')", T),
                row("u IN ('abc')", U),
                row("u NOT IN ('abc')", U),
                row("i IN ('1')", U),
                row("i NOT IN ('1')", U),
                row("s IN ('0','1','2','3','4','5','6','7','8','abc')", T),
                row("s NOT IN ('0','1','2','3','4','5','6','7','8','9')", T),
                row("JMSType IN ('car', 'bike')", T),
                // LIKE: the spec's examples
                row("p LIKE '12%3'", T, "p", "123"),
                row("p LIKE '12%3'", T, "p", "12993"),
                row("p LIKE '12%3'", F, "p", "1234"),
                row("p NOT LIKE '12%3'", T, "p", "1234"),
                row("w LIKE 'l_se'", T, "w", "lose"),
                row("w LIKE 'l_se'", F, "w", "loose"),
                row("w LIKE '\\_%' ESCAPE '\\'", T, "w", "_foo"),
                row("w LIKE '\\_%' ESCAPE '\\'", F, "w", "bar"),
                // wildcards, escapes, empty and unicode
                row("s LIKE '%'", T),
                row("empty LIKE '%'", T),
                row("empty LIKE ''", T),
                row("s LIKE ''", F),
                row("s LIKE 'abc'", T),
                row("s LIKE 'ab'", F),
                row("s LIKE 'a%'", T),
                row("s LIKE '%c'", T),
                row("s LIKE '%b%'", T),
                row("s LIKE '%%b%%'", T),
                row("s LIKE '___'", T),
                row("s LIKE '__'", F),
                row("s LIKE 'a%b%c'", T),
                row("s LIKE 'a%c%b'", F),
                row("s LIKE '_b_'", T),
                row("w LIKE '100!%' ESCAPE '!'", T, "w", "100%"),
                row("w LIKE '100!%' ESCAPE '!'", F, "w", "1000"),
                row("w LIKE 'a!!b' ESCAPE '!'", T, "w", "a!b"),
                row("w LIKE 'a!_b' ESCAPE '!'", F, "w", "axb"),
                row("w LIKE 'a%%b' ESCAPE '%'", T, "w", "a%b"),
                row("w LIKE 'a%%b' ESCAPE '%'", F, "w", "axb"),
                row("w LIKE 'a_b'", T, "w", "a\uD83D\uDE00b"),
                row("w LIKE 'a__b'", F, "w", "a\uD83D\uDE00b"),
                row("w LIKE 'a%b'", T, "w", "a\nb"),
                row("w LIKE 'a_b'", T, "w", "a\rb"),
                row("w LIKE 'caf_'", T, "w", "café"),
                row("w LIKE '_é%'", T, "w", "née"),
                // regular-expression characters are ordinary characters
                row("w LIKE 'a.c'", F, "w", "abc"),
                row("w LIKE 'a.c'", T, "w", "a.c"),
                row("w LIKE '.*'", F, "w", "xyz"),
                row("w LIKE '.*'", T, "w", ".*"),
                row("w LIKE '[a]*'", T, "w", "[a]*"),
                row("w LIKE '[a]*'", F, "w", "a"),
                row("w LIKE '^a$'", T, "w", "^a$"),
                row("w LIKE '(a|b)+?'", T, "w", "(a|b)+?"),
                row("w LIKE 'a\\b'", T, "w", "a\\b"),
                row("w LIKE '\\Q%\\E'", T, "w", "\\Qx\\E"),
                row("w LIKE '$1{2}'", T, "w", "$1{2}"),
                row("w LIKE '%?'", T, "w", "why?"),
                // NULL and non-strings
                row("u LIKE '%'", U),
                row("u NOT LIKE '%'", U),
                row("i LIKE '1'", U),
                row("i NOT LIKE '1'", U),
                // IS NULL never yields UNKNOWN
                row("u IS NULL", T),
                row("u IS NOT NULL", F),
                row("i IS NULL", F),
                row("i IS NOT NULL", T),
                row("JMSCorrelationID IS NULL", T),
                row("JMSType IS NOT NULL", T),
                row("empty IS NULL", F));
    }

    static Stream<Arguments> headersAndLiterals() {
        return Stream.of(
                row("JMSDeliveryMode = 'PERSISTENT'", T),
                row("JMSDeliveryMode = 'NON_PERSISTENT'", F),
                row("JMSDeliveryMode <> 'NON_PERSISTENT'", T),
                row("JMSDeliveryMode = 'NON_PERSISTENT'", T, "JMSDeliveryMode", SelectorContext.NON_PERSISTENT),
                row("JMSPriority > 4", T),
                row("JMSPriority BETWEEN 0 AND 4", F),
                row("JMSTimestamp > 1600000000000", T),
                row("JMSMessageID = 'ID:42'", T),
                row("JMSType = 'car' AND JMSPriority = 5", T),
                row("JMSCorrelationID = 'x'", U),
                row("JMSXDeliveryCount > 1", T),
                row("JMSXGroupID LIKE 'g%'", T),
                row("JMS_Sluice_Partition = 3", T),
                // keywords ignore case; identifiers do not
                row("t and NOT f", T),
                row("f Or t", T),
                row("nOt f", T),
                row("i between 0 and 2", T),
                row("s like 'A%' escape '!' or s in ('abc')", T),
                row("u is null", T),
                row("u Is Not Null", F),
                row("t = true", T),
                row("f = FaLsE", T),
                row("S = 'abc'", U),
                row("I = 1", U),
                row("myProp = TRUE AND MYpROP = FALSE", T, "myProp", true, "MYpROP", false),
                row("$x = 1 AND _y = 2 AND café = 3", T, "$x", 1, "_y", 2, "café", 3),
                row("ın = 1", T, "ın", 1), // dotless i: an identifier, not the keyword IN
                // exact literals: int, long, octal, hexadecimal, binary, underscores
                row("n = 2147483647", T, "n", Integer.MAX_VALUE),
                row("n = -2147483648", T, "n", Integer.MIN_VALUE),
                row("n = 9223372036854775807", T, "n", Long.MAX_VALUE),
                row("n = -9223372036854775808", T, "n", Long.MIN_VALUE),
                row(
                        "n = -9223372036854775808L AND m = 9223372036854775807L",
                        T,
                        "n",
                        Long.MIN_VALUE,
                        "m",
                        Long.MAX_VALUE),
                row("n = 2147483648", T, "n", 2_147_483_648L),
                row("n = 57 AND m = -957 AND k = +62", T, "n", 57, "m", -957L, "k", (short) 62),
                row("n = 035", T, "n", 29L),
                row("n = 0x1d", T, "n", 29L),
                row("n = 0X1D", T, "n", 29),
                row("n = 0b11101", T, "n", 29),
                row("n = 1_000_000", T, "n", 1_000_000),
                row("n = 0xFFFFFFFF", T, "n", -1),
                row("n = 0xFFFFFFFFL", T, "n", 4_294_967_295L),
                row("n = 0x7fffffffffffffffL", T, "n", Long.MAX_VALUE),
                row("n = 0", T, "n", 0),
                row("n = 00", T, "n", 0),
                // approximate literals
                row("n = 7E3 AND m = -57.9E2", T, "n", 7000.0, "m", -5790.0),
                row("n = 7.", T, "n", 7.0),
                row("n = .7e4", T, "n", 7000.0),
                row("n = 1.5e3", T, "n", 1500.0),
                row("n = 7E-2", T, "n", 0.07),
                row("n = +6.2", T, "n", 6.2),
                row("n = 1.5D", T, "n", 1.5),
                row("n = 2.5f", T, "n", 2.5f),
                row("n = 1e308", T, "n", 1e308),
                row("n = 4.9e-324", T, "n", Double.MIN_VALUE),
                row("n = 0x1.8p1", T, "n", 3.0),
                row("n = 09.5", T, "n", 9.5),
                row("n = 1_0.2_5", T, "n", 10.25),
                // whitespace is Java's: space, tab, form feed, line terminators
                row("\tJMSType\t=\t'car'\t", T),
                row("JMSType\f=\f'car'", T),
                row("JMSType\n= \r\n'car'", T));
    }

    /** Selectors of the Jakarta Messaging TCK, verbatim, with the messages it sends. */
    static Stream<Arguments> compatibilitySuite() {
        return Stream.of(
                row(
                        "myProp0 is null and myProp1 like 'fooG_%' escape 'G' and myProp2 in ('a', 'b') and "
                                + "myProp3 not between 0 and 10 and (myProp4 or false)",
                        T, "myProp1", "foo_test", "myProp2", "a", "myProp3", 20, "myProp4", true),
                row(
                        "myProp0 = 'foo' AND myProp1 > 0 AND myProp2 >= 2 AND myProp3 >= 2 AND myProp4 < 5 AND "
                                + "myProp5 <= 6 AND myProp6 <= 6 AND myProp7 <> 7",
                        T,
                        "myProp0",
                        "foo",
                        "myProp1",
                        1,
                        "myProp2",
                        2.0f,
                        "myProp3",
                        3,
                        "myProp4",
                        4.0,
                        "myProp5",
                        5,
                        "myProp6",
                        6,
                        "myProp7",
                        0f),
                row(
                        "myProp0+myProp1*myProp2-myProp3/myProp4 = 6",
                        T,
                        "myProp0",
                        1f,
                        "myProp1",
                        2f,
                        "myProp2",
                        3f,
                        "myProp3",
                        4f,
                        "myProp4",
                        4f),
                row("myProp0*2 = 10 AND myProp1/2 = -5", T, "myProp0", 5, "myProp1", -10),
                row("- myProp0 + myProp1 = 0", T, "myProp0", 5, "myProp1", 5),
                row("JMSType LIKE 'A_fo_A%f%' ESCAPE 'A'", T, "JMSType", "_foo%foo"),
                row("JMSType LIKE '\\__\\%%' ESCAPE '\\'", T, "JMSType", "_a%b"),
                row("myProp NOT IN ('foo','jms','test')", U, "myProp", 0),
                row("myProp LIKE '1_3'", U, "myProp", 123),
                row("myProp BETWEEN 5 and 10", U, "myProp", "7"),
                row("myProp + 2 < 10", U),
                row("NOT myNullProp", U),
                row("myTrueProp OR myTrueProp AND myFalseProp", T, "myTrueProp", true, "myFalseProp", false),
                row("(myProp0 = true OR myProp1 = true) AND JMSType = 'not_foo'", F, "myProp0", true, "myProp1", false),
                row("myProp0 < myProp1", T, "myProp0", 0, "myProp1", 1.5));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource({
        "truthTables",
        "comparisons",
        "arithmetic",
        "betweenInLikeIsNull",
        "headersAndLiterals",
        "compatibilitySuite"
    })
    void evaluatesAsTheSpecificationSays(String selector, Map<String, Object> message, String expected)
            throws InvalidSelectorSyntaxException {
        boolean matches = Selector.parse(selector).matches(message::get);
        boolean negationMatches = Selector.parse("NOT (" + selector + ")").matches(message::get);
        String actual = matches && !negationMatches
                ? T
                : !matches && negationMatches ? F : !matches ? U : "both the selector and its negation match";
        assertThat(actual).as(selector).isEqualTo(expected);
    }

    private static Arguments row(String selector, String expected, Object... extra) {
        Map<String, Object> message = message();
        for (int i = 0; i < extra.length; i += 2) {
            message.put((String) extra[i], extra[i + 1]);
        }
        return Arguments.of(selector, message, expected);
    }
}
