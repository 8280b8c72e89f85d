package io.sluice.protocol.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile selectors: deep nesting is refused (never a StackOverflowError), long flat chains and
 * pathological LIKE patterns are evaluated in bounded time. The timeouts bound "never hangs";
 * speed is measured in benchmarks/, not here.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelectorRobustnessTest {
    private static final SelectorLimits HUGE = new SelectorLimits(10_000_000, 64);
    private static final int N = 100_000;

    @Test
    void refusesAHundredThousandParentheses() {
        String deep = "(".repeat(N) + "a" + ")".repeat(N);
        assertThatThrownBy(() -> Selector.parse(deep))
                .isInstanceOf(InvalidSelectorSyntaxException.class)
                .hasMessageContaining("characters long; the limit is 16384");
        assertThatThrownBy(() -> Selector.parse(deep, HUGE))
                .isInstanceOf(InvalidSelectorSyntaxException.class)
                .hasMessageStartingWith("selector nested deeper than 64 levels at column 65");
        String unclosed = "(".repeat(N);
        assertThatThrownBy(() -> Selector.parse(unclosed, HUGE)).hasMessageContaining("nested deeper than 64 levels");
    }

    @Test
    void refusesAHundredThousandNotsAndSigns() {
        assertThatThrownBy(() -> Selector.parse("NOT ".repeat(N) + "a", HUGE))
                .hasMessageStartingWith("selector nested deeper than 64 levels at column 257");
        assertThatThrownBy(() -> Selector.parse("a = " + "-".repeat(N) + "1", HUGE))
                .hasMessageStartingWith("selector nested deeper than 64 levels at column 69");
        assertThatThrownBy(() -> Selector.parse("a = " + "+ ".repeat(N) + "1", HUGE))
                .hasMessageContaining("nested deeper than 64 levels");
    }

    @Test
    void evaluatesLongFlatChainsWithoutDeepRecursion() throws InvalidSelectorSyntaxException {
        Selector and = Selector.parse("a" + " AND a".repeat(N), HUGE);
        assertThat(and.matches(name -> true)).isTrue();
        assertThat(and.matches(name -> null)).isFalse();
        Selector or = Selector.parse("a" + " OR a".repeat(N), HUGE);
        assertThat(or.matches(name -> false)).isFalse();
        Selector sum = Selector.parse("a" + " + a".repeat(N) + " = " + (N + 1), HUGE);
        assertThat(sum.matches(name -> 1)).isTrue();
        Selector in = Selector.parse("a IN ('x'" + ", 'y'".repeat(N) + ", 'z')", HUGE);
        assertThat(in.matches(name -> "z")).isTrue();
        assertThat(in.matches(name -> "w")).isFalse();
    }

    @Test
    void theDeepestAllowedSelectorFitsInASmallThreadStack() throws Exception {
        int depth = SelectorLimits.MAX_NESTING_DEPTH_CAP;
        SelectorLimits limits = new SelectorLimits(100_000, depth);
        String deepest = "(".repeat(depth - 4) + "NOT (a = -(1))" + ")".repeat(depth - 4);
        assertThat(Selector.parse(deepest, limits).matches(name -> 2)).isTrue(); // warm up on this thread
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        result.set(Selector.parse(deepest, limits).matches(name -> 2));
                    } catch (Throwable t) {
                        result.set(t);
                    }
                },
                "small-stack",
                512 * 1024);
        thread.start();
        thread.join();
        assertThat(result.get()).isEqualTo(true);
        assertThatThrownBy(() -> Selector.parse("(" + deepest + ")", limits))
                .hasMessageContaining("nested deeper than 128 levels");
    }

    @Test
    void matchesPathologicalLikePatternsInLinearTime() throws InvalidSelectorSyntaxException {
        String text = "a".repeat(N);
        // Backtracking matchers take exponential or polynomial time on these.
        Selector manyWildcards = Selector.parse("s LIKE '" + "%a".repeat(2_000) + "%b'");
        assertThat(manyWildcards.matches(name -> text)).isFalse();
        assertThat(manyWildcards.matches(name -> text + "b")).isTrue();
        Selector longNeedle = Selector.parse("s LIKE '%" + "a".repeat(5_000) + "b%'");
        assertThat(longNeedle.matches(name -> text)).isFalse();
        assertThat(longNeedle.matches(name -> text + "b" + text)).isTrue();
        Selector underscores = Selector.parse("s LIKE '%" + "_".repeat(3_000) + "b'");
        assertThat(underscores.matches(name -> text)).isFalse();
        assertThat(underscores.matches(name -> text + "b")).isTrue();
        Selector distinct = Selector.parse("s LIKE '%" + distinctCharacters(4_000) + "%'");
        assertThat(distinct.matches(name -> text)).isFalse();
        assertThat(distinct.matches(name -> "x" + distinctCharacters(4_000))).isTrue();
    }

    private static String distinctCharacters(int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append((char) (0x4E00 + i)); // CJK ideographs: letters, never LIKE wildcards
        }
        return s.toString();
    }
}
