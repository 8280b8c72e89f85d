package io.sluice.protocol.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The LIKE matcher against a plainly correct dynamic-programming reference, on random patterns
 * short and long (one-word and multi-word automata), with escapes and non-BMP characters.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LikePatternTest {
    private static final String[] ALPHABET = {"a", "b", "c", "%", "_", "!", ".", "*", "\uD83D\uDE00", "é"};

    @Test
    void agreesWithAReferenceMatcherOnRandomPatterns() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 20_000; round++) {
            int patternLength = random.nextInt(4) == 0 ? 60 + random.nextInt(150) : random.nextInt(12);
            String pattern = randomPattern(random, patternLength);
            int escape = random.nextBoolean() ? '!' : -1;
            LikePattern compiled;
            try {
                compiled = LikePattern.compile(pattern, escape);
            } catch (IllegalArgumentException e) {
                assertThat(escape)
                        .as("only escapes make a pattern invalid: %s", pattern)
                        .isEqualTo('!');
                continue;
            }
            for (int t = 0; t < 10; t++) {
                String text = t < 3
                        ? instance(random, pattern, escape)
                        : randomText(random, random.nextInt(patternLength + 10));
                assertThat(compiled.matches(text))
                        .as("seed %d: '%s' LIKE '%s' ESCAPE %s", seed, text, pattern, escape)
                        .isEqualTo(reference(text, pattern, escape));
            }
        }
    }

    @Test
    void choosesStringComparisonsForSimplePatterns() {
        assertThat(LikePattern.compile("abc", -1).usesAutomaton()).isFalse();
        assertThat(LikePattern.compile("abc%", -1).usesAutomaton()).isFalse();
        assertThat(LikePattern.compile("%abc", -1).usesAutomaton()).isFalse();
        assertThat(LikePattern.compile("%abc%", -1).usesAutomaton()).isFalse();
        assertThat(LikePattern.compile("%%", -1).usesAutomaton()).isFalse();
        assertThat(LikePattern.compile("a!%b%", '!').usesAutomaton()).isFalse();
        assertThat(LikePattern.compile("a_c", -1).usesAutomaton()).isTrue();
        assertThat(LikePattern.compile("a%c", -1).usesAutomaton()).isTrue();
        assertThat(LikePattern.compile("%" + "x".repeat(40) + "%", -1).usesAutomaton())
                .isTrue();
        assertThat(LikePattern.compile("%" + "x".repeat(40) + "%", -1).matches("y" + "x".repeat(40) + "y"))
                .isTrue();
    }

    @Test
    void refusesInvalidEscapeSequences() {
        assertThatThrownBy(() -> LikePattern.compile("ab!", '!')).hasMessageContaining("ends with its escape");
        assertThatThrownBy(() -> LikePattern.compile("!ab", '!')).hasMessageContaining("may only precede");
        assertThat(LikePattern.compile("!!!_!%", '!').matches("!_%")).isTrue();
        assertThat(LikePattern.compile("\uD83D\uDE00_%", 0x1F600).matches("_x")).isTrue();
    }

    @Test
    void matchesAcrossWordBoundariesOfLongPatterns() {
        String pattern = "_".repeat(63) + "a" + "_".repeat(64) + "b%";
        LikePattern compiled = LikePattern.compile(pattern, -1);
        String text = "x".repeat(63) + "a" + "y".repeat(64) + "b";
        assertThat(compiled.matches(text)).isTrue();
        assertThat(compiled.matches(text + "zzz")).isTrue();
        assertThat(compiled.matches(text.replace('a', 'c'))).isFalse();
        assertThat(compiled.matches(text.substring(1))).isFalse();
    }

    private static String randomPattern(Random random, int length) {
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < length; i++) {
            pattern.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return pattern.toString();
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            String piece = ALPHABET[random.nextInt(ALPHABET.length)];
            text.append(piece);
        }
        return text.toString();
    }

    /** A text the pattern should match: wildcards replaced by random characters. */
    private static String instance(Random random, String pattern, int escape) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == escape && i < pattern.length()) {
                int next = pattern.codePointAt(i);
                i += Character.charCount(next);
                text.appendCodePoint(next);
            } else if (c == '%') {
                text.append(randomText(random, random.nextInt(3)));
            } else if (c == '_') {
                text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            } else {
                text.appendCodePoint(c);
            }
        }
        return text.toString();
    }

    /** Textbook O(n*m) dynamic programming over code points. */
    private static boolean reference(String text, String pattern, int escape) {
        int[] t = text.codePoints().toArray();
        int[] p = pattern.codePoints().toArray();
        // element kinds: -1 = '_', -2 = '%', else a literal
        int[] elements = new int[p.length];
        int count = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == escape) {
                elements[count++] = p[++i];
            } else {
                elements[count++] = p[i] == '%' ? -2 : p[i] == '_' ? -1 : p[i];
            }
        }
        boolean[][] match = new boolean[count + 1][t.length + 1];
        match[0][0] = true;
        for (int i = 1; i <= count; i++) {
            int e = elements[i - 1];
            for (int j = 0; j <= t.length; j++) {
                if (e == -2) {
                    match[i][j] = match[i - 1][j] || (j > 0 && match[i][j - 1]);
                } else {
                    match[i][j] = j > 0 && match[i - 1][j - 1] && (e == -1 || e == t[j - 1]);
                }
            }
        }
        return match[count][t.length];
    }
}
