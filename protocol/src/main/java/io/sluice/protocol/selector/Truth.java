package io.sluice.protocol.selector;

/**
 * The three truth values of SQL-92 logic, which JMS selectors use: a comparison with a NULL (an
 * absent property) or between values of different types is {@link #UNKNOWN}. Immutable.
 */
enum Truth {
    TRUE,
    FALSE,
    UNKNOWN;

    static Truth of(boolean value) {
        return value ? TRUE : FALSE;
    }

    /** {@link Boolean}s map to TRUE and FALSE; anything else, null included, is UNKNOWN. */
    static Truth of(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value ? TRUE : FALSE;
        }
        return UNKNOWN;
    }

    /** NOT: TRUE and FALSE swap, UNKNOWN stays. */
    Truth not() {
        return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
    }

    /** The value a condition has as an operand of {@code =} or {@code <>}: UNKNOWN is NULL. */
    Boolean toBoolean() {
        return this == TRUE ? Boolean.TRUE : this == FALSE ? Boolean.FALSE : null;
    }
}
