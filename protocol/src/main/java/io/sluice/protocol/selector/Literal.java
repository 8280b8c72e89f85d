package io.sluice.protocol.selector;

/**
 * A constant: a literal of the selector or a sub-expression the parser folded. Its value may be
 * NULL only when folded (for example {@code 1 / 0}); the syntax has no NULL literal.
 *
 * <p>Immutable; thread-safe.
 */
final class Literal extends Node {
    private final Object value;
    private final Truth truth;

    Literal(Object value, ValueType type) {
        super(type);
        this.value = value;
        this.truth = Truth.of(value);
    }

    @Override
    Object value(SelectorContext context) {
        return value;
    }

    @Override
    Truth truth(SelectorContext context) {
        return truth;
    }

    @Override
    boolean isConstant() {
        return true;
    }
}
