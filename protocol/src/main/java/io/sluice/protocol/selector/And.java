package io.sluice.protocol.selector;

/**
 * A chain of AND: FALSE if any operand is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE. The
 * chain is flat (n operands, not nested pairs), so its length costs no stack; evaluation stops at
 * the first FALSE.
 *
 * <p>Immutable; thread-safe.
 */
final class And extends Condition {
    private final Node[] operands;

    private And(Node[] operands) {
        this.operands = operands;
    }

    static Node of(Node[] operands) {
        return fold(new And(operands), allConstant(operands));
    }

    @Override
    Truth truth(SelectorContext context) {
        Truth result = Truth.TRUE;
        for (Node operand : operands) {
            Truth truth = operand.truth(context);
            if (truth == Truth.FALSE) {
                return Truth.FALSE;
            }
            if (truth == Truth.UNKNOWN) {
                result = Truth.UNKNOWN;
            }
        }
        return result;
    }
}
