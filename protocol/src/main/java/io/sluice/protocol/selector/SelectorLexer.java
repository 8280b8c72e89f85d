package io.sluice.protocol.selector;

/**
 * Splits selector text into {@link Token}s, one at a time. Whitespace is Java's (space, tab, form
 * feed, CR, LF); identifiers are Java identifiers; keywords are recognised ignoring ASCII case;
 * string literals are in single quotes, with {@code ''} for a quote inside.
 *
 * <p>Not thread-safe; confined to the parsing thread.
 */
final class SelectorLexer {
    private final String text;
    private int position;

    SelectorLexer(String text) {
        this.text = text;
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r';
    }

    Token next() throws InvalidSelectorSyntaxException {
        while (position < text.length() && isWhitespace(text.charAt(position))) {
            position++;
        }
        int start = position;
        if (start >= text.length()) {
            return new Token(TokenKind.END, start, start);
        }
        char c = text.charAt(start);
        Token token;
        if (c == '\'') {
            token = string(start);
        } else if ((c >= '0' && c <= '9') || (c == '.' && isDigitAt(start + 1))) {
            token = NumericLiterals.scan(text, start);
        } else if (Character.isJavaIdentifierStart(text.codePointAt(start))) {
            token = word(start);
        } else {
            token = symbol(start, c);
        }
        position = token.end();
        return token;
    }

    private boolean isDigitAt(int index) {
        return index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9';
    }

    private Token word(int start) {
        int i = start;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            if (!Character.isJavaIdentifierPart(codePoint)) {
                break;
            }
            i += Character.charCount(codePoint);
        }
        String name = text.substring(start, i);
        TokenKind keyword = TokenKind.keyword(name);
        if (keyword != null) {
            return new Token(keyword, start, i);
        }
        return new Token(TokenKind.IDENTIFIER, start, i, name.intern(), 0);
    }

    private Token string(int start) throws InvalidSelectorSyntaxException {
        StringBuilder value = null;
        int segmentStart = start + 1;
        int i = start + 1;
        while (true) {
            int quote = text.indexOf('\'', i);
            if (quote < 0) {
                throw SelectorErrors.at(
                        text, start, "unterminated string", "a string literal ends with a single quote");
            }
            if (quote + 1 < text.length() && text.charAt(quote + 1) == '\'') {
                if (value == null) {
                    value = new StringBuilder(quote - segmentStart + 16);
                }
                value.append(text, segmentStart, quote + 1);
                i = quote + 2;
                segmentStart = i;
                continue;
            }
            String literal;
            if (value == null) {
                literal = text.substring(segmentStart, quote);
            } else {
                literal = value.append(text, segmentStart, quote).toString();
            }
            return new Token(TokenKind.STRING, start, quote + 1, literal, 0);
        }
    }

    private Token symbol(int start, char c) throws InvalidSelectorSyntaxException {
        char next = start + 1 < text.length() ? text.charAt(start + 1) : 0;
        switch (c) {
            case '(':
                return new Token(TokenKind.LEFT_PAREN, start, start + 1);
            case ')':
                return new Token(TokenKind.RIGHT_PAREN, start, start + 1);
            case ',':
                return new Token(TokenKind.COMMA, start, start + 1);
            case '=':
                return new Token(TokenKind.EQUAL, start, start + 1);
            case '+':
                return new Token(TokenKind.PLUS, start, start + 1);
            case '-':
                return new Token(TokenKind.MINUS, start, start + 1);
            case '*':
                return new Token(TokenKind.STAR, start, start + 1);
            case '/':
                return new Token(TokenKind.SLASH, start, start + 1);
            case '<':
                if (next == '>') {
                    return new Token(TokenKind.NOT_EQUAL, start, start + 2);
                }
                return next == '='
                        ? new Token(TokenKind.LESS_EQUAL, start, start + 2)
                        : new Token(TokenKind.LESS, start, start + 1);
            case '>':
                return next == '='
                        ? new Token(TokenKind.GREATER_EQUAL, start, start + 2)
                        : new Token(TokenKind.GREATER, start, start + 1);
            default:
                throw unexpectedCharacter(start, c);
        }
    }

    private InvalidSelectorSyntaxException unexpectedCharacter(int start, char c) {
        String hint = null;
        if (c == '!') {
            hint = "use <> for 'not equal' and NOT for negation";
        } else if (c == '"') {
            hint = "string literals are enclosed in single quotes";
        } else if (c == '&' || c == '|') {
            hint = "use AND and OR";
        } else if (c == '%') {
            hint = "% is a wildcard only inside a LIKE pattern";
        }
        int codePoint = text.codePointAt(start);
        // Name invisible characters (no-break space, controls, format characters) by code point.
        String shown = codePoint == ' ' || SelectorErrors.isInvisible(codePoint)
                ? String.format("U+%04X", codePoint)
                : "'" + new String(Character.toChars(codePoint)) + "'";
        return SelectorErrors.at(text, start, "unexpected character " + shown, hint);
    }
}
