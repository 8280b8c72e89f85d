package io.sluice.protocol.selector;

/**
 * The type checks the parser makes where a type is known before any message is seen: arithmetic
 * and ordering need numbers, {@code =} and {@code <>} need operands of one type, LIKE and IN need
 * a string identifier. An operand of unknown type (a property) passes; its value is checked per
 * message, and a mismatch there makes the comparison UNKNOWN.
 *
 * <p>Stateless; thread-safe.
 */
final class TypeRules {
    private TypeRules() {}

    static void checkComparison(String text, Token op, Node left, Node right) throws InvalidSelectorSyntaxException {
        boolean equality = op.is(TokenKind.EQUAL) || op.is(TokenKind.NOT_EQUAL);
        if (equality) {
            if (!left.type.isComparableWith(right.type)) {
                throw SelectorErrors.at(
                        text,
                        op.start(),
                        describe(text, op) + " cannot compare " + left.type.description() + " with "
                                + right.type.description(),
                        "only values of the same type compare (numbers with numbers)");
            }
            return;
        }
        for (Node operand : new Node[] {left, right}) {
            if (!operand.type.canBeNumeric()) {
                throw SelectorErrors.at(
                        text,
                        op.start(),
                        describe(text, op) + " cannot order " + operand.type.description(),
                        "only numbers are ordered; strings and booleans take = and <>");
            }
        }
    }

    static Node requireNumeric(String text, Node operand, Token op, String where)
            throws InvalidSelectorSyntaxException {
        if (!operand.type.canBeNumeric()) {
            throw SelectorErrors.at(
                    text,
                    op.start(),
                    describe(text, op) + " needs a number " + where,
                    "found " + operand.type.description());
        }
        return operand;
    }

    static void requireStringIdentifier(String text, Identifier identifier, Token op)
            throws InvalidSelectorSyntaxException {
        if (!identifier.type.canBeString()) {
            throw SelectorErrors.at(
                    text,
                    op.start(),
                    describe(text, op) + " needs a string",
                    identifier.name + " is " + identifier.type.description());
        }
    }

    private static String describe(String text, Token token) {
        return SelectorErrors.describe(text, token);
    }
}
