package io.sluice.protocol.selector;

/**
 * {@code identifier [NOT] LIKE 'pattern' [ESCAPE 'c']}: see {@link LikePattern}. UNKNOWN if the
 * identifier is NULL or not a string.
 *
 * <p>Immutable; thread-safe.
 */
final class Like extends Condition {
    private final Identifier identifier;
    private final LikePattern pattern;
    private final boolean negated;

    Like(Identifier identifier, LikePattern pattern, boolean negated) {
        this.identifier = identifier;
        this.pattern = pattern;
        this.negated = negated;
    }

    @Override
    Truth truth(SelectorContext context) {
        Object v = identifier.value(context);
        if (!(v instanceof String)) {
            return Truth.UNKNOWN;
        }
        return Truth.of(pattern.matches((String) v) != negated);
    }
}
