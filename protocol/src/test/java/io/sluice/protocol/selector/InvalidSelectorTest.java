package io.sluice.protocol.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invalid selector is refused with a message that names the problem and its column. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InvalidSelectorTest {

    static Stream<Arguments> invalidSelectors() {
        return Stream.of(
                // syntax
                bad("a = ", 4, "unexpected end of selector at column 5: expected an expression"),
                bad("a = 1 AND AND b", 10, "unexpected 'AND' at column 11: expected an expression"),
                bad("a = 1 AND", 9, "unexpected end of selector at column 10: expected an expression"),
                bad("=TEST 'test'", 0, "unexpected '=' at column 1: expected an expression"),
                bad("a == 1", 3, "unexpected '=' at column 4"),
                bad("a = b = c", 6, "unexpected '=' at column 7: comparisons do not chain"),
                bad("a = 1 )", 6, "unexpected ')' at column 7: there is no '(' for it to close"),
                bad("(a = 1", 6, "unexpected end of selector at column 7: expected ')' to close the '(' at column 1"),
                bad("(((a)", 5, "expected ')' to close the '(' at column 2"),
                bad("a = 1,", 5, "unexpected ',' at column 6: expected AND, OR or the end of the selector"),
                bad("a = 1.5.3", 7, "unexpected number .3 at column 8"),
                bad("a NOT 5", 6, "unexpected number 5 at column 7: expected BETWEEN, IN or LIKE after NOT"),
                bad("a BETWEEN 1 OR 2", 12, "unexpected 'OR' at column 13: expected AND between the bounds"),
                bad("a IS 5", 5, "expected NULL or NOT NULL after IS"),
                bad("a IS NOT 5", 9, "expected NULL after IS NOT"),
                bad("a IN 'x'", 5, "unexpected string 'x' at column 6: expected '(' after IN"),
                bad("a IN ()", 6, "unexpected ')' at column 7: IN lists hold string literals only"),
                bad("a IN ('x' 'y')", 10, "unexpected string 'y' at column 11: expected ',' or ')' in the IN list"),
                bad("myProp NOT IN (1,2,3)", 15, "unexpected number 1 at column 16: IN lists hold string literals"),
                bad("myProp LIKE 7", 12, "unexpected number 7 at column 13: expected a string literal pattern"),
                bad("a LIKE 'x' ESCAPE 5", 18, "expected a one-character string literal after ESCAPE"),
                bad("a LIKE 'x' ESCAPE ''", 18, "invalid ESCAPE '' at column 19: it must be exactly one character"),
                bad("a LIKE 'x' ESCAPE 'ab'", 18, "invalid ESCAPE 'ab' at column 19"),
                bad("a LIKE 'x!' ESCAPE '!'", 7, "invalid LIKE pattern 'x!' at column 8: the pattern ends with its"),
                bad("a LIKE '!x' ESCAPE '!'", 7, "the escape character may only precede _, % or itself"),
                // keywords are not identifiers, and NULL is not a value
                bad("NULL = 0", 0, "unexpected 'NULL' at column 1: NULL is not a value"),
                bad("a = NULL", 4, "unexpected 'NULL' at column 5"),
                bad("NOT = 0", 4, "unexpected '=' at column 5"),
                bad("AND = 0", 0, "unexpected 'AND' at column 1"),
                bad("or = 0", 0, "unexpected 'OR' at column 1"),
                bad("Between = 0", 0, "unexpected 'BETWEEN' at column 1"),
                bad("LIKE = 0", 0, "unexpected 'LIKE' at column 1"),
                bad("IN = 0", 0, "unexpected 'IN' at column 1"),
                bad("is = 0", 0, "unexpected 'IS' at column 1"),
                bad("ESCAPE = 0", 0, "unexpected 'ESCAPE' at column 1"),
                // types known at parse time
                bad("TRUE = 0", 5, "'=' cannot compare a boolean with a number at column 6"),
                bad("FALSE <> 'x'", 6, "'<>' cannot compare a boolean with a string at column 7"),
                bad("myProp > 'foo'", 7, "'>' cannot order a string at column 8"),
                bad("myProp >= 'foo'", 7, "'>=' cannot order a string"),
                bad("myProp < 'foo'", 7, "'<' cannot order a string"),
                bad("myProp <= 'foo'", 7, "'<=' cannot order a string"),
                bad("'foo' > TRUE ", 6, "'>' cannot order a string at column 7"),
                bad("a < TRUE", 2, "'<' cannot order a boolean"),
                bad("(a = 1) > 0", 8, "'>' cannot order a boolean"),
                bad("myProp BETWEEN 'foo' and 'test'", 7, "'BETWEEN' needs a number as its lower bound at column 8"),
                bad("'x' BETWEEN 1 AND 2", 4, "'BETWEEN' needs a number as the value it tests"),
                bad("a NOT BETWEEN 1 AND TRUE", 6, "'BETWEEN' needs a number as its upper bound"),
                bad("'a' + 1 = 2", 4, "'+' needs a number on its left at column 5: found a string"),
                bad("1 - 'a' = 2", 2, "'-' needs a number on its right"),
                bad("a * TRUE = 1", 2, "'*' needs a number on its right at column 3: found a boolean"),
                bad("-'a' = 1", 0, "'-' needs a number after it at column 1: found a string"),
                bad("TRUE LIKE 'x'", 5, "'LIKE' needs an identifier on its left at column 6"),
                bad("5 LIKE 'x'", 2, "'LIKE' needs an identifier on its left at column 3"),
                bad("(a) LIKE 'x'", 4, "'LIKE' needs an identifier on its left"),
                bad("a + 1 IS NULL", 6, "'IS' needs an identifier on its left"),
                bad("'a' IN ('a')", 4, "'IN' needs an identifier on its left"),
                bad("a NOT LIKE 'x' AND 'b' NOT IN ('b')", 27, "'IN' needs an identifier on its left"),
                bad("NOT 3", 0, "'NOT' needs a condition after it at column 1: found a number"),
                bad("a AND 3", 2, "'AND' needs a condition on its right at column 3: found a number"),
                bad("3 OR a", 2, "'OR' needs a condition on its left at column 3: found a number"),
                bad("a + 1", 0, "the selector must be a condition at column 1: it is a number"),
                bad("'abc'", 0, "the selector must be a condition at column 1: it is a string"),
                bad("  (-2)", 2, "the selector must be a condition at column 3: it is a number"),
                // headers have known types; other JMS names are reserved
                bad("JMSType", 0, "the selector must be a condition at column 1: it is a string"),
                bad("JMSPriority", 0, "it is a number"),
                bad("JMSPriority = 'high'", 12, "'=' cannot compare a number with a string"),
                bad("JMSDeliveryMode = 2", 16, "'=' cannot compare a string with a number"),
                bad("JMSType > 1", 8, "'>' cannot order a string"),
                bad("JMSPriority LIKE '1%'", 12, "'LIKE' needs a string at column 13: JMSPriority is a number"),
                bad("JMSTimestamp IN ('1')", 13, "'IN' needs a string at column 14: JMSTimestamp is a number"),
                bad("JMSExpiration > 0", 0, "identifier 'JMSExpiration' is not allowed at column 1"),
                bad("JMSRedelivered = TRUE", 0, "identifier 'JMSRedelivered' is not allowed"),
                bad("JMSDestination IS NULL", 0, "identifier 'JMSDestination' is not allowed"),
                bad("JMSReplyTo IS NULL", 0, "identifier 'JMSReplyTo' is not allowed"),
                bad("JMSDeliveryTime > 0", 0, "identifier 'JMSDeliveryTime' is not allowed"),
                bad("a = 1 OR JMSTimeStamp > 0", 9, "identifier 'JMSTimeStamp' is not allowed at column 10"),
                bad("JMSfoo = 1", 0, "identifier 'JMSfoo' is not allowed"),
                // characters and literals
                bad("a = 'unterminated", 4, "unterminated string at column 5"),
                bad("a = 'it''s", 4, "unterminated string at column 5"),
                bad("a != 1", 2, "unexpected character '!' at column 3: use <> for 'not equal'"),
                bad("a = \"x\"", 4, "unexpected character '\"' at column 5: string literals are enclosed in single"),
                bad("a & b", 2, "unexpected character '&' at column 3: use AND and OR"),
                bad("a %", 2, "unexpected character '%' at column 3"),
                bad("a = 1 # comment", 6, "unexpected character '#' at column 7"),
                bad("a\u00A0= 1", 1, "unexpected character U+00A0 at column 2"),
                bad("a = 1 \u0000", 6, "unexpected character U+0000 at column 7"),
                bad("a = 1\u0000", 4, "malformed number '1\\u0000' at column 5"),
                bad("a = 1 \u00A7", 6, "unexpected character '\u00A7' at column 7"),
                bad("a.b = 1", 1, "unexpected character '.' at column 2"),
                bad("a = 09", 4, "malformed number '09' at column 5: a leading 0 makes it octal"),
                bad("a = 1e", 4, "malformed number '1e' at column 5: the exponent has no digits"),
                bad("a = 1e+", 4, "the exponent has no digits"),
                bad("a = 0x", 4, "malformed number '0x' at column 5: 0x must be followed by hexadecimal digits"),
                bad("a = 0b", 4, "0b must be followed by binary digits"),
                bad("a = 0b102", 4, "malformed number '0b102'"),
                bad("a = 0x1g", 4, "malformed number '0x1g' at column 5"),
                bad("a = 0x1.8", 4, "needs digits and a p exponent"),
                bad("a = 0x1.8p1L", 4, "malformed number '0x1.8p1L'"),
                bad("a = 1_", 4, "malformed number '1_' at column 5: underscores may only separate digits"),
                bad("a = 1._5", 4, "underscores may only separate digits"),
                bad("a = 0x_1", 4, "underscores may only separate digits"),
                bad("a = 12abc", 4, "malformed number '12abc' at column 5"),
                bad("a = 1.5L", 4, "malformed number '1.5L'"),
                bad("a = 9223372036854775808", 4, "number 9223372036854775808 is too large at column 5"),
                bad("a = 9223372036854775808L", 4, "number 9223372036854775808L is too large"),
                bad("a = -(9223372036854775808)", 6, "number 9223372036854775808 is too large"),
                bad("a = 99999999999999999999", 4, "number '99999999999999999999' is too large at column 5"),
                bad("a = 0x1FFFFFFFFFFFFFFFF", 4, "it needs more than 64 bits"),
                bad("a = 1e400", 4, "number '1e400' is too large at column 5"),
                bad("a = 3.5e39f", 4, "the largest float is"),
                bad("a = 1e-400", 4, "number '1e-400' is too small at column 5: it would round to zero"),
                // positions on later lines
                bad("a = 1\nAND AND", 10, "unexpected 'AND' at line 2, column 5: expected an expression"),
                bad("a = 1\r\n  OR", 11, "unexpected end of selector at line 2, column 5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSelectors")
    void refusesWithThePositionAndProblem(String selector, int offset, String message) {
        InvalidSelectorSyntaxException e =
                catchThrowableOfType(InvalidSelectorSyntaxException.class, () -> Selector.parse(selector));
        assertThat(e).as(selector).isNotNull();
        assertThat(e.getMessage()).contains(message);
        assertThat(e.offset()).isEqualTo(offset);
    }

    @Test
    void namesTheOffendingTokenAndWhatWasExpected() {
        assertThatThrownBy(() -> Selector.parse("color = 'blue' AND AND"))
                .isInstanceOf(InvalidSelectorSyntaxException.class)
                .hasMessage("unexpected 'AND' at column 20: expected an expression");
    }

    @Test
    void shortensHugeTokensInMessages() {
        String longName = "x".repeat(1000);
        InvalidSelectorSyntaxException e =
                catchThrowableOfType(InvalidSelectorSyntaxException.class, () -> Selector.parse("a = 1 " + longName));
        assertThat(e.getMessage())
                .contains("unexpected identifier 'xxxx")
                .contains("...'")
                .hasSizeLessThan(200);
    }

    private static Arguments bad(String selector, int offset, String message) {
        return Arguments.of(selector, offset, message);
    }
}
