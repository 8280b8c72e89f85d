package io.sluice.protocol.selector;

import java.util.Arrays;

/**
 * A compiled LIKE pattern: {@code _} matches any one character (a Unicode code point), {@code %}
 * any sequence, the escape character makes the next {@code _}, {@code %} or escape character
 * literal, and everything else matches itself (no character is special as in a regular
 * expression).
 *
 * <p>Matching takes time linear in the text and never backtracks, whatever the pattern: a
 * pattern without {@code _} and with {@code %} only at its ends is a string comparison; any other
 * pattern runs as a bit-parallel automaton with one state per pattern character ({@code k} of
 * them), costing {@code O(k / 64)} word operations per text character and {@code O(k)} memory.
 * Patterns of up to 63 characters use one {@code long} and allocate nothing.
 *
 * <p>Immutable; thread-safe.
 */
final class LikePattern {
    private static final int ANY_CHARACTER = LikeAutomaton.ANY_CHARACTER;
    /** Up to this length '%text%' uses String.indexOf, whose worst case is length * text. */
    private static final int MAX_INDEX_OF_CHARS = 32;

    private enum Kind {
        EXACT,
        PREFIX,
        SUFFIX,
        CONTAINS,
        ANY_STRING,
        AUTOMATON
    }

    private final Kind kind;
    private final String literal;
    private final LikeAutomaton automaton;

    private LikePattern(Kind kind, String literal, LikeAutomaton automaton) {
        this.kind = kind;
        this.literal = literal;
        this.automaton = automaton;
    }

    /**
     * Compiles {@code pattern} with the given escape code point, or -1 for none.
     *
     * @throws IllegalArgumentException if the escape character is followed by anything but {@code
     *     _}, {@code %} or itself, or ends the pattern (SQL's "invalid escape sequence")
     */
    static LikePattern compile(String pattern, int escape) {
        int[] elements = new int[pattern.length()];
        boolean[] loops = new boolean[pattern.length() + 1];
        int count = 0;
        boolean hasAny = false;
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == escape) {
                if (i >= pattern.length()) {
                    throw new IllegalArgumentException("the pattern ends with its escape character");
                }
                int next = pattern.codePointAt(i);
                if (next != '_' && next != '%' && next != escape) {
                    throw new IllegalArgumentException("the escape character may only precede _, % or itself");
                }
                i += Character.charCount(next);
                elements[count++] = next;
            } else if (c == '%') {
                loops[count] = true;
            } else if (c == '_') {
                elements[count++] = ANY_CHARACTER;
                hasAny = true;
            } else {
                elements[count++] = c;
            }
        }
        return of(Arrays.copyOf(elements, count), Arrays.copyOf(loops, count + 1), hasAny);
    }

    private static LikePattern of(int[] elements, boolean[] loops, boolean hasAny) {
        int count = elements.length;
        boolean innerLoop = false;
        for (int i = 1; i < count; i++) {
            innerLoop |= loops[i];
        }
        if (hasAny || innerLoop) {
            return new LikePattern(Kind.AUTOMATON, null, new LikeAutomaton(elements, loops));
        }
        String text = new String(elements, 0, count);
        boolean leading = loops[0];
        boolean trailing = loops[count];
        if (count == 0) {
            return new LikePattern(leading ? Kind.ANY_STRING : Kind.EXACT, text, null);
        }
        if (leading && trailing) {
            return text.length() <= MAX_INDEX_OF_CHARS
                    ? new LikePattern(Kind.CONTAINS, text, null)
                    : new LikePattern(Kind.AUTOMATON, null, new LikeAutomaton(elements, loops));
        }
        Kind kind = leading ? Kind.SUFFIX : trailing ? Kind.PREFIX : Kind.EXACT;
        return new LikePattern(kind, text, null);
    }

    boolean matches(String text) {
        switch (kind) {
            case EXACT:
                return text.equals(literal);
            case PREFIX:
                return text.startsWith(literal);
            case SUFFIX:
                return text.endsWith(literal);
            case CONTAINS:
                return text.contains(literal);
            case ANY_STRING:
                return true;
            default:
                return automaton.matches(text);
        }
    }

    /** For tests: whether this pattern runs as an automaton rather than a string comparison. */
    boolean usesAutomaton() {
        return kind == Kind.AUTOMATON;
    }
}
