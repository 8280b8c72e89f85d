package io.sluice.protocol.selector;

/**
 * {@code =}, {@code <>}, {@code <}, {@code <=}, {@code >}, {@code >=}. Numbers compare after
 * Java's numeric promotion (so {@code 1 = 1.0}); strings and booleans only with {@code =} and
 * {@code <>}. A NULL operand, values of different types (a string and a number), or an ordering
 * of strings or booleans make the comparison UNKNOWN, so that neither it nor its negation
 * matches.
 *
 * <p>Immutable; thread-safe.
 */
final class Comparison extends Condition {
    private final TokenKind op;
    private final Node left;
    private final Node right;

    private Comparison(TokenKind op, Node left, Node right) {
        this.op = op;
        this.left = left;
        this.right = right;
    }

    static Node of(TokenKind op, Node left, Node right) {
        return fold(new Comparison(op, left, right), allConstant(left, right));
    }

    @Override
    Truth truth(SelectorContext context) {
        Object l = left.value(context);
        if (l == null) {
            return Truth.UNKNOWN;
        }
        return compare(op, l, right.value(context));
    }

    /** The truth of {@code left op right} for two values as the context gave them. */
    static Truth compare(TokenKind op, Object left, Object right) {
        if (left == null || right == null) {
            return Truth.UNKNOWN;
        }
        int leftRank = Numbers.rank(left);
        if (leftRank != Numbers.NOT_NUMERIC) {
            int rightRank = Numbers.rank(right);
            if (rightRank == Numbers.NOT_NUMERIC) {
                return Truth.UNKNOWN;
            }
            return ordered(op, Numbers.compare(left, leftRank, right, rightRank));
        }
        boolean equality = op == TokenKind.EQUAL || op == TokenKind.NOT_EQUAL;
        if (!equality) {
            return Truth.UNKNOWN;
        }
        if ((left instanceof String && right instanceof String)
                || (left instanceof Boolean && right instanceof Boolean)) {
            return Truth.of(left.equals(right) == (op == TokenKind.EQUAL));
        }
        return Truth.UNKNOWN;
    }

    private static Truth ordered(TokenKind op, int comparison) {
        switch (op) {
            case EQUAL:
                return Truth.of(comparison == 0);
            case NOT_EQUAL:
                return Truth.of(comparison != 0);
            case LESS:
                return Truth.of(comparison == -1);
            case LESS_EQUAL:
                return Truth.of(comparison == -1 || comparison == 0);
            case GREATER:
                return Truth.of(comparison == 1);
            default:
                return Truth.of(comparison == 1 || comparison == 0);
        }
    }
}
