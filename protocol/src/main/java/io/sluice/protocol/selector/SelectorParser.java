package io.sluice.protocol.selector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser from selector text to a tree of {@link Node}s, checking the types it
 * can see as it goes (see {@code docs/selectors.md} for the grammar). Recursion happens only at
 * parentheses, NOT and unary signs, and each of them counts against {@link
 * SelectorLimits#maxNestingDepth()}, so no input can exhaust the stack; chains of AND, OR and
 * arithmetic are parsed in loops into flat nodes.
 *
 * <p>Not thread-safe; one parser parses one selector.
 */
final class SelectorParser {
    /** The headers a selector may test, with their types; other JMS names are refused. */
    private static final Map<String, ValueType> HEADERS = Map.of(
            "JMSDeliveryMode", ValueType.STRING,
            "JMSPriority", ValueType.NUMERIC,
            "JMSMessageID", ValueType.STRING,
            "JMSTimestamp", ValueType.NUMERIC,
            "JMSCorrelationID", ValueType.STRING,
            "JMSType", ValueType.STRING);

    private final String text;
    private final SelectorLimits limits;
    private final SelectorLexer lexer;
    private final Set<String> identifiers = new LinkedHashSet<>();
    private Token current;
    private Token previous;
    private int depth;

    SelectorParser(String text, SelectorLimits limits) {
        this.text = text;
        this.limits = limits;
        this.lexer = new SelectorLexer(text);
    }

    /** Parses the whole text, which must be a condition. */
    Node parse() throws InvalidSelectorSyntaxException {
        current = lexer.next();
        Token first = current;
        Node root = orExpression();
        if (!current.is(TokenKind.END)) {
            throw unexpectedAfterExpression("AND, OR or the end of the selector");
        }
        if (!root.type.canBeBoolean()) {
            throw SelectorErrors.at(
                    text,
                    first.start(),
                    "the selector must be a condition",
                    "it is " + root.type.description() + ", not something true or false");
        }
        return root;
    }

    /** The identifiers the selector references, interned, in order of first appearance. */
    Set<String> identifiers() {
        return identifiers;
    }

    private Node orExpression() throws InvalidSelectorSyntaxException {
        Node first = andExpression();
        if (!current.is(TokenKind.OR)) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        operands.add(requireCondition(first, current, "on its left"));
        while (current.is(TokenKind.OR)) {
            Token op = advance();
            operands.add(requireCondition(andExpression(), op, "on its right"));
        }
        return Or.of(operands.toArray(new Node[0]));
    }

    private Node andExpression() throws InvalidSelectorSyntaxException {
        Node first = notExpression();
        if (!current.is(TokenKind.AND)) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        operands.add(requireCondition(first, current, "on its left"));
        while (current.is(TokenKind.AND)) {
            Token op = advance();
            operands.add(requireCondition(notExpression(), op, "on its right"));
        }
        return And.of(operands.toArray(new Node[0]));
    }

    private Node notExpression() throws InvalidSelectorSyntaxException {
        if (!current.is(TokenKind.NOT)) {
            return predicate();
        }
        Token op = advance();
        enter(op);
        Node operand = notExpression();
        depth--;
        return Not.of(requireCondition(operand, op, "after it"));
    }

    private Node predicate() throws InvalidSelectorSyntaxException {
        Token first = current;
        Node left = additive();
        boolean bareIdentifier = first.is(TokenKind.IDENTIFIER) && previous == first;
        TokenKind kind = current.kind();
        if (kind.isComparison()) {
            Token op = advance();
            Node right = additive();
            TypeRules.checkComparison(text, op, left, right);
            return Comparison.of(op.kind(), left, right);
        }
        boolean negated = false;
        if (kind == TokenKind.NOT) {
            advance();
            negated = true;
            kind = current.kind();
            if (kind != TokenKind.BETWEEN && kind != TokenKind.LIKE && kind != TokenKind.IN) {
                throw unexpected(current, "expected BETWEEN, IN or LIKE after NOT");
            }
        }
        switch (kind) {
            case BETWEEN:
                return between(left, negated);
            case LIKE:
                return like(identifier(left, bareIdentifier), negated);
            case IN:
                return in(identifier(left, bareIdentifier), negated);
            case IS:
                return isNull(identifier(left, bareIdentifier));
            default:
                return left;
        }
    }

    private Node between(Node value, boolean negated) throws InvalidSelectorSyntaxException {
        Token op = advance();
        Node low = additive();
        expect(TokenKind.AND, "expected AND between the bounds of BETWEEN");
        Node high = additive();
        TypeRules.requireNumeric(text, value, op, "as the value it tests");
        TypeRules.requireNumeric(text, low, op, "as its lower bound");
        TypeRules.requireNumeric(text, high, op, "as its upper bound");
        return Between.of(value, low, high, negated);
    }

    private Node like(Identifier identifier, boolean negated) throws InvalidSelectorSyntaxException {
        Token op = advance();
        TypeRules.requireStringIdentifier(text, identifier, op);
        Token pattern = expect(TokenKind.STRING, "expected a string literal pattern after LIKE");
        int escape = -1;
        if (current.is(TokenKind.ESCAPE)) {
            advance();
            Token escapeToken = expect(TokenKind.STRING, "expected a one-character string literal after ESCAPE");
            String escapeText = (String) escapeToken.value();
            if (escapeText.codePointCount(0, escapeText.length()) != 1) {
                throw SelectorErrors.at(
                        text,
                        escapeToken.start(),
                        "invalid ESCAPE " + quoteString(escapeToken),
                        "it must be exactly one character");
            }
            escape = escapeText.codePointAt(0);
        }
        try {
            return new Like(identifier, LikePattern.compile((String) pattern.value(), escape), negated);
        } catch (IllegalArgumentException e) {
            throw SelectorErrors.at(
                    text, pattern.start(), "invalid LIKE pattern " + quoteString(pattern), e.getMessage());
        }
    }

    private Node in(Identifier identifier, boolean negated) throws InvalidSelectorSyntaxException {
        Token op = advance();
        TypeRules.requireStringIdentifier(text, identifier, op);
        expect(TokenKind.LEFT_PAREN, "expected '(' after IN");
        List<String> values = new ArrayList<>();
        do {
            if (!current.is(TokenKind.STRING)) {
                throw unexpected(current, "IN lists hold string literals only");
            }
            values.add((String) advance().value());
        } while (accept(TokenKind.COMMA));
        expect(TokenKind.RIGHT_PAREN, "expected ',' or ')' in the IN list");
        return new InList(identifier, values.toArray(new String[0]), negated);
    }

    private Node isNull(Identifier identifier) throws InvalidSelectorSyntaxException {
        advance();
        boolean negated = accept(TokenKind.NOT);
        expect(TokenKind.NULL, negated ? "expected NULL after IS NOT" : "expected NULL or NOT NULL after IS");
        return new IsNull(identifier, negated);
    }

    private Node additive() throws InvalidSelectorSyntaxException {
        Node first = multiplicative();
        if (!current.is(TokenKind.PLUS) && !current.is(TokenKind.MINUS)) {
            return first;
        }
        TypeRules.requireNumeric(text, first, current, "on its left");
        List<TokenKind> ops = new ArrayList<>();
        List<Node> operands = new ArrayList<>();
        while (current.is(TokenKind.PLUS) || current.is(TokenKind.MINUS)) {
            Token op = advance();
            ops.add(op.kind());
            operands.add(TypeRules.requireNumeric(text, multiplicative(), op, "on its right"));
        }
        return Arithmetic.of(first, ops.toArray(new TokenKind[0]), operands.toArray(new Node[0]));
    }

    private Node multiplicative() throws InvalidSelectorSyntaxException {
        Node first = unary();
        if (!current.is(TokenKind.STAR) && !current.is(TokenKind.SLASH)) {
            return first;
        }
        TypeRules.requireNumeric(text, first, current, "on its left");
        List<TokenKind> ops = new ArrayList<>();
        List<Node> operands = new ArrayList<>();
        while (current.is(TokenKind.STAR) || current.is(TokenKind.SLASH)) {
            Token op = advance();
            ops.add(op.kind());
            operands.add(TypeRules.requireNumeric(text, unary(), op, "on its right"));
        }
        return Arithmetic.of(first, ops.toArray(new TokenKind[0]), operands.toArray(new Node[0]));
    }

    private Node unary() throws InvalidSelectorSyntaxException {
        if (!current.is(TokenKind.MINUS) && !current.is(TokenKind.PLUS)) {
            return primary();
        }
        Token sign = advance();
        boolean negate = sign.is(TokenKind.MINUS);
        if (negate && current.is(TokenKind.EXACT_NUMBER) && current.flags() != 0) {
            // -9223372036854775808 and -2147483648: magnitudes Java allows only after a minus.
            Token number = advance();
            return new Literal(
                    number.hasFlag(Token.MINUS_ONLY) ? (Object) Long.MIN_VALUE : (Object) Integer.MIN_VALUE,
                    ValueType.NUMERIC);
        }
        enter(sign);
        Node operand = unary();
        depth--;
        return UnarySign.of(TypeRules.requireNumeric(text, operand, sign, "after it"), negate);
    }

    private Node primary() throws InvalidSelectorSyntaxException {
        Token token = current;
        switch (token.kind()) {
            case LEFT_PAREN:
                advance();
                enter(token);
                Node inner = orExpression();
                depth--;
                if (!current.is(TokenKind.RIGHT_PAREN)) {
                    throw unexpectedAfterExpression(
                            "')' to close the '(' at " + SelectorErrors.where(text, token.start()));
                }
                advance();
                return inner;
            case IDENTIFIER:
                advance();
                return reference(token);
            case STRING:
                advance();
                return new Literal(token.value(), ValueType.STRING);
            case EXACT_NUMBER:
                if (token.hasFlag(Token.MINUS_ONLY)) {
                    throw SelectorErrors.at(
                            text,
                            token.start(),
                            describe(token) + " is too large",
                            "the largest long is " + Long.MAX_VALUE + "; only " + Long.MIN_VALUE
                                    + " may have this magnitude");
                }
                advance();
                return new Literal(token.value(), ValueType.NUMERIC);
            case APPROXIMATE_NUMBER:
                advance();
                return new Literal(token.value(), ValueType.NUMERIC);
            case TRUE:
            case FALSE:
                advance();
                return new Literal(token.is(TokenKind.TRUE), ValueType.BOOLEAN);
            case NULL:
                throw SelectorErrors.at(
                        text,
                        token.start(),
                        "unexpected 'NULL'",
                        "NULL is not a value; test for it with IS NULL or IS NOT NULL");
            default:
                throw unexpected(token, "expected an expression");
        }
    }

    private Identifier reference(Token token) throws InvalidSelectorSyntaxException {
        String name = (String) token.value();
        ValueType type = HEADERS.get(name);
        if (type == null) {
            if (name.startsWith("JMS") && !name.startsWith("JMSX") && !name.startsWith("JMS_")) {
                throw SelectorErrors.at(
                        text,
                        token.start(),
                        "identifier '" + name + "' is not allowed",
                        "selectors may test only the headers JMSDeliveryMode, JMSPriority, JMSMessageID, "
                                + "JMSTimestamp, JMSCorrelationID and JMSType; other names starting with JMS "
                                + "are reserved, except properties named JMSX... and JMS_...");
            }
            type = ValueType.ANY;
        }
        identifiers.add(name);
        return new Identifier(name, type);
    }

    /** The left operand of LIKE, IN or IS, which the grammar requires to be an identifier. */
    private Identifier identifier(Node left, boolean bareIdentifier) throws InvalidSelectorSyntaxException {
        if (!bareIdentifier) {
            throw SelectorErrors.at(
                    text,
                    current.start(),
                    describe(current) + " needs an identifier on its left",
                    "LIKE, IN and IS NULL test a header or property, not an expression");
        }
        return (Identifier) left;
    }

    private Node requireCondition(Node node, Token op, String where) throws InvalidSelectorSyntaxException {
        if (!node.type.canBeBoolean()) {
            throw SelectorErrors.at(
                    text, op.start(), describe(op) + " needs a condition " + where, "found " + node.type.description());
        }
        return node;
    }

    private void enter(Token token) throws InvalidSelectorSyntaxException {
        if (++depth > limits.maxNestingDepth()) {
            throw SelectorErrors.at(
                    text,
                    token.start(),
                    "selector nested deeper than " + limits.maxNestingDepth() + " levels",
                    "each parenthesis, NOT and unary sign adds a level");
        }
    }

    private Token advance() throws InvalidSelectorSyntaxException {
        previous = current;
        current = lexer.next();
        return previous;
    }

    private boolean accept(TokenKind kind) throws InvalidSelectorSyntaxException {
        if (current.is(kind)) {
            advance();
            return true;
        }
        return false;
    }

    private Token expect(TokenKind kind, String expectation) throws InvalidSelectorSyntaxException {
        if (!current.is(kind)) {
            throw unexpected(current, expectation);
        }
        return advance();
    }

    private InvalidSelectorSyntaxException unexpectedAfterExpression(String expected) {
        if (current.kind().isComparison()) {
            return unexpected(current, "comparisons do not chain; join them with AND");
        }
        if (current.is(TokenKind.RIGHT_PAREN) && depth == 0) {
            return unexpected(current, "there is no '(' for it to close");
        }
        return unexpected(current, "expected " + expected);
    }

    private InvalidSelectorSyntaxException unexpected(Token token, String expectation) {
        return SelectorErrors.at(text, token.start(), "unexpected " + describe(token), expectation);
    }

    private String quoteString(Token token) {
        return SelectorErrors.quote(text, token.start() + 1, token.end() - 1);
    }

    private String describe(Token token) {
        return SelectorErrors.describe(text, token);
    }
}
