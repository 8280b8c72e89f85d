package io.sluice.protocol.selector;

/**
 * {@code identifier IS [NOT] NULL}: never UNKNOWN. A value of a type selectors do not know is not
 * NULL.
 *
 * <p>Immutable; thread-safe.
 */
final class IsNull extends Condition {
    private final Identifier identifier;
    private final boolean negated;

    IsNull(Identifier identifier, boolean negated) {
        this.identifier = identifier;
        this.negated = negated;
    }

    @Override
    Truth truth(SelectorContext context) {
        return Truth.of((identifier.value(context) == null) != negated);
    }
}
