package io.sluice.protocol.selector;

/**
 * Unary {@code -} or {@code +}. NULL if the operand is NULL or not a number.
 *
 * <p>Immutable; thread-safe.
 */
final class UnarySign extends Node {
    private final Node operand;
    private final boolean negate;

    private UnarySign(Node operand, boolean negate) {
        super(ValueType.NUMERIC);
        this.operand = operand;
        this.negate = negate;
    }

    static Node of(Node operand, boolean negate) {
        return fold(new UnarySign(operand, negate), operand.isConstant());
    }

    @Override
    Object value(SelectorContext context) {
        return Numbers.sign(operand.value(context), negate);
    }
}
