package io.sluice.protocol.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Numeric literals get Java's values and types (which decide how arithmetic on them promotes). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NumericLiteralsTest {

    static Stream<Arguments> literals() {
        return Stream.of(
                Arguments.of("0", 0),
                Arguments.of("57", 57),
                Arguments.of("2147483647", Integer.MAX_VALUE),
                Arguments.of("2147483648", 2_147_483_648L), // beyond int: a long, as JMS asks
                Arguments.of("7L", 7L),
                Arguments.of("7l", 7L),
                Arguments.of("9223372036854775807", Long.MAX_VALUE),
                Arguments.of("035", 29),
                Arguments.of("0_7", 7),
                Arguments.of("00", 0),
                Arguments.of("0x1d", 29),
                Arguments.of("0XFFFFFFFF", -1),
                Arguments.of("0x100000000", 4_294_967_296L),
                Arguments.of("0xFFFFFFFFFFFFFFFF", -1L),
                Arguments.of("0xFFFFFFFFL", 4_294_967_295L),
                Arguments.of("0b11101", 29),
                Arguments.of("1__000", 1000),
                Arguments.of("1.5", 1.5),
                Arguments.of("7.", 7.0),
                Arguments.of(".7e4", 7000.0),
                Arguments.of("7E3", 7000.0),
                Arguments.of("7e+3", 7000.0),
                Arguments.of("7E-2", 0.07),
                Arguments.of("1d", 1.0),
                Arguments.of("1.5D", 1.5),
                Arguments.of("2.5f", 2.5f),
                Arguments.of("1F", 1.0f),
                Arguments.of("1e1f", 10.0f),
                Arguments.of("09.5", 9.5),
                Arguments.of("09e1", 90.0),
                Arguments.of("0x1.8p1", 3.0),
                Arguments.of("0x.8P1f", 1.0f),
                Arguments.of("0x1p-2D", 0.25),
                Arguments.of("1_0.2_5e0_1", 102.5),
                Arguments.of("0.0", 0.0),
                Arguments.of("4.9e-324", Double.MIN_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("literals")
    void scansJavaLiterals(String literal, Number expected) throws InvalidSelectorSyntaxException {
        Token token = NumericLiterals.scan(literal + " ", 0);
        assertThat(token.value()).isEqualTo(expected).isExactlyInstanceOf(expected.getClass());
        assertThat(token.end()).isEqualTo(literal.length());
        assertThat(token.kind())
                .isEqualTo(
                        expected instanceof Integer || expected instanceof Long
                                ? TokenKind.EXACT_NUMBER
                                : TokenKind.APPROXIMATE_NUMBER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("literals")
    void endsWhereAnOperatorBegins(String literal, Number expected) throws InvalidSelectorSyntaxException {
        assertThat(NumericLiterals.scan(literal + ")", 0).end()).isEqualTo(literal.length());
        assertThat(NumericLiterals.scan(literal + "+1", 0).end()).isEqualTo(literal.length());
    }
}
