package io.sluice.protocol.selector;

/**
 * One token of a selector: its kind, where it is ({@code [start, end)} in the text) and, for
 * identifiers and literals, its value (an interned name, a string, or a {@link Number}).
 *
 * <p>Immutable.
 */
record Token(TokenKind kind, int start, int end, Object value, int flags) {
    /** An exact literal whose magnitude (2^63) is valid only right after a unary minus. */
    static final int MINUS_ONLY = 1;

    /** An unsuffixed decimal literal of 2^31: an {@code int} after a unary minus, as in Java. */
    static final int INT_MIN_MAGNITUDE = 2;

    Token(TokenKind kind, int start, int end) {
        this(kind, start, end, null, 0);
    }

    boolean is(TokenKind other) {
        return kind == other;
    }

    boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }
}
