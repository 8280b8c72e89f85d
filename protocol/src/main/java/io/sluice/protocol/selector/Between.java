package io.sluice.protocol.selector;

/**
 * {@code v [NOT] BETWEEN low AND high}: exactly {@code v >= low AND v <= high} in three-valued
 * logic (so a NULL bound makes it UNKNOWN only when the other bound does not already decide it:
 * {@code 5 BETWEEN NULL AND 3} is FALSE), and NOT BETWEEN is its negation, which equals {@code v <
 * low OR v > high}. The tested value is evaluated once.
 *
 * <p>Immutable; thread-safe.
 */
final class Between extends Condition {
    private final Node value;
    private final Node low;
    private final Node high;
    private final boolean negated;

    private Between(Node value, Node low, Node high, boolean negated) {
        this.value = value;
        this.low = low;
        this.high = high;
        this.negated = negated;
    }

    static Node of(Node value, Node low, Node high, boolean negated) {
        return fold(new Between(value, low, high, negated), allConstant(value, low, high));
    }

    @Override
    Truth truth(SelectorContext context) {
        Object v = value.value(context);
        Truth result;
        if (v == null) {
            result = Truth.UNKNOWN;
        } else {
            Truth aboveLow = Comparison.compare(TokenKind.GREATER_EQUAL, v, low.value(context));
            if (aboveLow == Truth.FALSE) {
                result = Truth.FALSE;
            } else {
                Truth belowHigh = Comparison.compare(TokenKind.LESS_EQUAL, v, high.value(context));
                result = belowHigh == Truth.FALSE ? Truth.FALSE : aboveLow == Truth.TRUE ? belowHigh : Truth.UNKNOWN;
            }
        }
        return negated ? result.not() : result;
    }
}
