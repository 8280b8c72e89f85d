package io.sluice.protocol.selector;

/**
 * A left-to-right chain of {@code +} and {@code -}, or of {@code *} and {@code /}: {@code a - b +
 * c} is {@code (a - b) + c}. Flat, so a long chain costs no stack. NULL as soon as an operand is
 * NULL or not a number, or a step is undefined (see {@link Numbers}).
 *
 * <p>Immutable; thread-safe.
 */
final class Arithmetic extends Node {
    private final Node first;
    private final TokenKind[] ops;
    private final Node[] operands;

    private Arithmetic(Node first, TokenKind[] ops, Node[] operands) {
        super(ValueType.NUMERIC);
        this.first = first;
        this.ops = ops;
        this.operands = operands;
    }

    static Node of(Node first, TokenKind[] ops, Node[] operands) {
        return fold(new Arithmetic(first, ops, operands), first.isConstant() && allConstant(operands));
    }

    @Override
    Object value(SelectorContext context) {
        Object result = first.value(context);
        for (int i = 0; i < ops.length && result != null; i++) {
            Object operand = operands[i].value(context);
            result = operand == null ? null : Numbers.apply(ops[i], result, operand);
        }
        return result;
    }
}
