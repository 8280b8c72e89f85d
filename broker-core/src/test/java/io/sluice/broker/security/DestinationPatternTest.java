package io.sluice.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DestinationPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "orders, orders, true",
        "orders, orders.eu, false",
        "orders, order, false",
        "orders.*, orders.eu, true",
        "orders.*, orders, false",
        "orders.*, orders.eu.de, false",
        "orders.#, orders, true",
        "orders.#, orders.eu, true",
        "orders.#, orders.eu.de, true",
        "orders.#, ordersx, false",
        "orders.#, x.orders, false",
        "#, orders, true",
        "#, _temp.q.1.2.abcd, true",
        "*, orders, true",
        "*, orders.eu, false",
        "*.eu, orders.eu, true",
        "*.eu, orders.us, false",
        "#.eu, orders.eu, true",
        "#.eu, eu, true",
        "#.eu, a.b.c.eu, true",
        "#.eu, a.b.c.eu.x, false",
        "a.#.z, a.z, true",
        "a.#.z, a.b.c.z, true",
        "a.#.z, a.b.c.y, false",
        "a.*.#, a, false",
        "a.*.#, a.b, true",
        "a.*.#, a.b.c.d, true",
        "#.#, x, true",
        "a.#.b.#.c, a.x.b.y.c, true",
        "a.#.b.#.c, a.b.c, true",
        "a.#.b.#.c, a.c.b, false",
        "_temp.#, _temp.q.17.3.9f2c41d0, true",
        "_temp.q.#, _temp.t.17.3.9f2c41d0, false",
        "_temp.q.#, _temp.q, true",
    })
    void matchesWordByWord(String pattern, String name, boolean expected) {
        assertThat(DestinationPattern.parse(pattern).matches(name)).isEqualTo(expected);
    }

    @Test
    void emptyWordsOfNamesAreWordsToo() {
        assertThat(DestinationPattern.parse("a.*.b").matches("a..b")).isTrue();
        assertThat(DestinationPattern.parse("a..b").matches("a..b")).isTrue();
        assertThat(DestinationPattern.parse("a.*").matches("a.")).isTrue();
        assertThat(DestinationPattern.parse("a.*").matches("a")).isFalse();
    }

    @Test
    void literalPatternsAreMarked() {
        assertThat(DestinationPattern.parse("orders.eu").isLiteral()).isTrue();
        assertThat(DestinationPattern.parse("orders.*").isLiteral()).isFalse();
        assertThat(DestinationPattern.parse("#").toString()).isEqualTo("#");
    }

    @ParameterizedTest
    @ValueSource(strings = {"order*", "or#ders", "orders.eu*", "**", "a.##"})
    void wildcardsMustStandAlone(String pattern) {
        assertThatThrownBy(() -> DestinationPattern.parse(pattern))
                .isInstanceOf(InvalidGrantException.class)
                .hasMessageContaining("must stand alone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders eu", "orders/eu", "ord,ers", "é", "orders:produce"})
    void otherCharactersAreRefused(String pattern) {
        assertThatThrownBy(() -> DestinationPattern.parse(pattern))
                .isInstanceOf(InvalidGrantException.class)
                .hasMessageContaining("contains");
    }

    @Test
    void emptyAndOverlongPatternsAreRefused() {
        assertThatThrownBy(() -> DestinationPattern.parse("")).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> DestinationPattern.parse(null)).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> DestinationPattern.parse("a".repeat(256))).hasMessageContaining("1 to 255");
        assertThat(DestinationPattern.parse("a".repeat(255)).matches("a".repeat(255)))
                .isTrue();
    }

    @Test
    void manyHashesMatchWithoutBacktrackingBlowUp() {
        // Exponential backtracking would not finish within the class timeout.
        DestinationPattern p = DestinationPattern.parse("#.a.".repeat(40) + "b");
        assertThat(p.matches("a.".repeat(100) + "c")).isFalse();
        assertThat(p.matches("a.".repeat(100) + "b")).isTrue();
    }
}
