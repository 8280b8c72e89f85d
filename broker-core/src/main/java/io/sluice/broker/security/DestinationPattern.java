package io.sluice.broker.security;

import java.util.Objects;

/**
 * A pattern over destination names, in the word syntax of AMQP topic exchanges and Artemis address
 * matching. A name is split into words at each {@code .}; in a pattern
 *
 * <pre>
 *   word   matches that word exactly          orders.eu    only "orders.eu"
 *   *      matches exactly one word           orders.*     "orders.eu", not "orders" or "orders.eu.x"
 *   #      matches zero or more words         orders.#     "orders", "orders.eu", "orders.eu.x"
 *                                             #            every destination, temporary ones included
 * </pre>
 *
 * {@code *} and {@code #} stand only as whole words ({@code order*} is refused); destination names
 * cannot contain them, so no escaping exists. Literal words use the characters of destination
 * names ({@code A-Z a-z 0-9 _ -}).
 *
 * <p>Immutable; thread-safe.
 */
public final class DestinationPattern {
    /** Matches zero or more words. */
    public static final String ANY_WORDS = "#";
    /** Matches exactly one word. */
    public static final String ONE_WORD = "*";
    /** Longest pattern accepted. */
    public static final int MAX_LENGTH = 255;

    private final String text;
    private final String[] words;
    private final boolean literal;

    private DestinationPattern(String text, String[] words, boolean literal) {
        this.text = text;
        this.words = words;
        this.literal = literal;
    }

    /**
     * Parses a pattern.
     *
     * @throws InvalidGrantException naming the problem: empty, too long, an illegal character, or a
     *     wildcard inside a word
     */
    public static DestinationPattern parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new InvalidGrantException("a destination pattern must have 1 to " + MAX_LENGTH + " characters");
        }
        String[] words = text.split("\\.", -1);
        boolean literal = true;
        for (String word : words) {
            if (word.equals(ANY_WORDS) || word.equals(ONE_WORD)) {
                literal = false;
                continue;
            }
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c == '*' || c == '#') {
                    throw new InvalidGrantException("pattern '" + text + "': '" + c
                            + "' must stand alone between dots (e.g. 'orders." + c + "'), not inside '" + word + "'");
                }
                if (!isNameChar(c)) {
                    throw new InvalidGrantException("pattern '" + text + "' contains '" + c
                            + "'; destination names use only A-Z, a-z, 0-9, '.', '_' and '-'");
                }
            }
        }
        return new DestinationPattern(text, words, literal);
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** Whether {@code name} is one of the destinations this pattern stands for. */
    public boolean matches(String name) {
        if (literal) {
            return text.equals(name);
        }
        String[] nameWords = name.split("\\.", -1);
        // Wildcard matching over words, '#' like a glob star, '*' like a glob '?': on a mismatch,
        // let the most recent '#' swallow one more word and retry from there.
        int p = 0;
        int n = 0;
        int starP = -1;
        int starN = 0;
        while (n < nameWords.length) {
            if (p < words.length && words[p].equals(ANY_WORDS)) {
                starP = p++;
                starN = n;
            } else if (p < words.length && (words[p].equals(ONE_WORD) || words[p].equals(nameWords[n]))) {
                p++;
                n++;
            } else if (starP >= 0) {
                p = starP + 1;
                n = ++starN;
            } else {
                return false;
            }
        }
        while (p < words.length && words[p].equals(ANY_WORDS)) {
            p++;
        }
        return p == words.length;
    }

    /** Whether the pattern has no wildcard (it names one destination). */
    public boolean isLiteral() {
        return literal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DestinationPattern other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }
}
