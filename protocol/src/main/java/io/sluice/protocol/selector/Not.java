package io.sluice.protocol.selector;

/**
 * NOT: TRUE and FALSE swap, UNKNOWN stays UNKNOWN.
 *
 * <p>Immutable; thread-safe.
 */
final class Not extends Condition {
    private final Node operand;

    private Not(Node operand) {
        this.operand = operand;
    }

    static Node of(Node operand) {
        return fold(new Not(operand), operand.isConstant());
    }

    @Override
    Truth truth(SelectorContext context) {
        return operand.truth(context).not();
    }
}
