package io.sluice.protocol.selector;

/**
 * A node whose natural result is a {@link Truth}: comparisons, logic, BETWEEN, IN, LIKE and IS
 * NULL. As an operand of {@code =} or {@code <>} it is a {@link Boolean}, or NULL when UNKNOWN.
 *
 * <p>Immutable; thread-safe.
 */
abstract class Condition extends Node {
    Condition() {
        super(ValueType.BOOLEAN);
    }

    @Override
    abstract Truth truth(SelectorContext context);

    @Override
    final Object value(SelectorContext context) {
        return truth(context).toBoolean();
    }
}
