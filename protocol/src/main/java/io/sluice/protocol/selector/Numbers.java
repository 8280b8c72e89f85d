package io.sluice.protocol.selector;

/**
 * Arithmetic and comparison on the numeric values a selector sees, with Java's binary numeric
 * promotion: {@code byte}, {@code short} and {@code int} compute as {@code int}; with a {@code
 * long} as {@code long}; with a {@code float} as {@code float}; with a {@code double} as {@code
 * double}. So {@code int} arithmetic wraps around and integer division truncates, exactly as in
 * Java. Where Java would throw (integer division by zero) the result is NULL. Values of any other
 * type are not numbers here, and any operation on them yields NULL.
 *
 * <p>Stateless; thread-safe.
 */
final class Numbers {
    static final int NOT_NUMERIC = -1;
    static final int INT = 0;
    static final int LONG = 1;
    static final int FLOAT = 2;
    static final int DOUBLE = 3;

    /** Result of {@link #compare}: the operands are unordered (a NaN is involved). */
    static final int UNORDERED = 2;

    private Numbers() {}

    /** The promotion rank of a value, or {@link #NOT_NUMERIC}. */
    static int rank(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return value instanceof Integer ? INT : LONG;
        }
        if (value instanceof Double || value instanceof Float) {
            return value instanceof Double ? DOUBLE : FLOAT;
        }
        if (value instanceof Short || value instanceof Byte) {
            return INT;
        }
        return NOT_NUMERIC;
    }

    /**
     * Compares two numbers of the given ranks after promotion: -1, 0 or 1 as Java's {@code <},
     * {@code ==} and {@code >} would have it, or {@link #UNORDERED} when none of them holds.
     */
    static int compare(Object left, int leftRank, Object right, int rightRank) {
        int rank = Math.max(leftRank, rightRank);
        if (rank <= LONG) {
            return Long.compare(((Number) left).longValue(), ((Number) right).longValue());
        }
        if (rank == FLOAT) {
            float a = ((Number) left).floatValue();
            float b = ((Number) right).floatValue();
            return a < b ? -1 : a > b ? 1 : a == b ? 0 : UNORDERED;
        }
        double a = ((Number) left).doubleValue();
        double b = ((Number) right).doubleValue();
        return a < b ? -1 : a > b ? 1 : a == b ? 0 : UNORDERED;
    }

    /** {@code left op right} for {@code +}, {@code -}, {@code *} or {@code /}; NULL if undefined. */
    static Number apply(TokenKind op, Object left, Object right) {
        int leftRank = rank(left);
        int rightRank = rank(right);
        if (leftRank == NOT_NUMERIC || rightRank == NOT_NUMERIC) {
            return null;
        }
        switch (Math.max(leftRank, rightRank)) {
            case INT:
                return applyInt(op, ((Number) left).intValue(), ((Number) right).intValue());
            case LONG:
                return applyLong(op, ((Number) left).longValue(), ((Number) right).longValue());
            case FLOAT:
                return applyFloat(op, ((Number) left).floatValue(), ((Number) right).floatValue());
            default:
                return applyDouble(op, ((Number) left).doubleValue(), ((Number) right).doubleValue());
        }
    }

    /** Unary minus, or unary plus when {@code negate} is false (which promotes byte and short). */
    static Number sign(Object value, boolean negate) {
        switch (rank(value)) {
            case INT:
                int i = ((Number) value).intValue();
                return negate ? Integer.valueOf(-i) : Integer.valueOf(i);
            case LONG:
                return negate ? Long.valueOf(-(Long) value) : (Long) value;
            case FLOAT:
                return negate ? Float.valueOf(-(Float) value) : (Float) value;
            case DOUBLE:
                return negate ? Double.valueOf(-(Double) value) : (Double) value;
            default:
                return null;
        }
    }

    private static Number applyInt(TokenKind op, int a, int b) {
        switch (op) {
            case PLUS:
                return a + b;
            case MINUS:
                return a - b;
            case STAR:
                return a * b;
            default:
                return b == 0 ? null : Integer.valueOf(a / b);
        }
    }

    private static Number applyLong(TokenKind op, long a, long b) {
        switch (op) {
            case PLUS:
                return a + b;
            case MINUS:
                return a - b;
            case STAR:
                return a * b;
            default:
                return b == 0 ? null : Long.valueOf(a / b);
        }
    }

    private static Number applyFloat(TokenKind op, float a, float b) {
        switch (op) {
            case PLUS:
                return a + b;
            case MINUS:
                return a - b;
            case STAR:
                return a * b;
            default:
                return a / b;
        }
    }

    private static Number applyDouble(TokenKind op, double a, double b) {
        switch (op) {
            case PLUS:
                return a + b;
            case MINUS:
                return a - b;
            case STAR:
                return a * b;
            default:
                return a / b;
        }
    }
}
