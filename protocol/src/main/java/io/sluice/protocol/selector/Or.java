package io.sluice.protocol.selector;

/**
 * A chain of OR: TRUE if any operand is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE. Flat
 * like {@link And}; evaluation stops at the first TRUE.
 *
 * <p>Immutable; thread-safe.
 */
final class Or extends Condition {
    private final Node[] operands;

    private Or(Node[] operands) {
        this.operands = operands;
    }

    static Node of(Node[] operands) {
        return fold(new Or(operands), allConstant(operands));
    }

    @Override
    Truth truth(SelectorContext context) {
        Truth result = Truth.FALSE;
        for (Node operand : operands) {
            Truth truth = operand.truth(context);
            if (truth == Truth.TRUE) {
                return Truth.TRUE;
            }
            if (truth == Truth.UNKNOWN) {
                result = Truth.UNKNOWN;
            }
        }
        return result;
    }
}
