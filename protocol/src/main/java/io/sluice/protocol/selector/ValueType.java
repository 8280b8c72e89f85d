package io.sluice.protocol.selector;

/**
 * What the parser knows about the type of an expression before any message is seen. Literals,
 * operators and the JMS headers have a known type; a property has {@link #ANY}, since its type is
 * only known per message. The parser rejects an expression whose known type cannot fit where it
 * is used, such as {@code 'a' + 1} or {@code NOT 3}. Immutable.
 */
enum ValueType {
    BOOLEAN("a boolean"),
    NUMERIC("a number"),
    STRING("a string"),
    ANY("a property");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    /** For messages: "a boolean", "a number", "a string", "a property". */
    String description() {
        return description;
    }

    boolean canBeNumeric() {
        return this == NUMERIC || this == ANY;
    }

    boolean canBeBoolean() {
        return this == BOOLEAN || this == ANY;
    }

    boolean canBeString() {
        return this == STRING || this == ANY;
    }

    /** Whether {@code =} and {@code <>} may compare the two: the same type, or one not yet known. */
    boolean isComparableWith(ValueType other) {
        return this == ANY || other == ANY || this == other;
    }
}
