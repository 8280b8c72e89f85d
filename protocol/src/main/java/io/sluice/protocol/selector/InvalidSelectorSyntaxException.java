package io.sluice.protocol.selector;

/**
 * Thrown when a message selector is not valid: a syntax error, an operand of the wrong type where
 * the type is known when the selector is parsed (such as {@code 'a' + 1} or {@code NOT 3}), an
 * identifier a selector may not use, or a selector beyond its {@link SelectorLimits}. The message
 * says what is wrong and where, e.g. {@code unexpected 'AND' at column 17: expected an
 * expression}.
 *
 * <p>The JMS layer reports it as {@code jakarta.jms.InvalidSelectorException}. Immutable.
 */
public final class InvalidSelectorSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public InvalidSelectorSyntaxException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /**
     * Where the problem is: a zero-based character index into the selector text, or -1 when the
     * problem is the selector as a whole (for example its length).
     */
    public int offset() {
        return offset;
    }
}
