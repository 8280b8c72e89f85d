package io.sluice.protocol.selector;

/**
 * Builds the messages of {@link InvalidSelectorSyntaxException}: what is wrong, where (a 1-based
 * column, and a line when the selector spans lines) and, when useful, what was expected.
 *
 * <p>Stateless; thread-safe.
 */
final class SelectorErrors {
    /** Longer token texts are shortened in messages so that a huge literal cannot flood a log. */
    private static final int MAX_QUOTED_CHARS = 40;

    private SelectorErrors() {}

    /** {@code "<problem> at column N"} or {@code "<problem> at column N: <detail>"}. */
    static InvalidSelectorSyntaxException at(String text, int offset, String problem, String detail) {
        String message = problem + " at " + where(text, offset) + (detail == null ? "" : ": " + detail);
        return new InvalidSelectorSyntaxException(message, offset);
    }

    /** {@code "column 17"}, or {@code "line 2, column 5"} when the selector has several lines. */
    static String where(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        int column = offset - lineStart + 1;
        boolean multiLine = text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return multiLine ? "line " + line + ", column " + column : "column " + column;
    }

    /**
     * The text of {@code [start, end)} in single quotes, shortened if long, with invisible
     * characters (controls, format characters, unusual spaces) written as a backslash, u and four hex digits.
     */
    static String quote(String text, int start, int end) {
        int shownEnd = Math.min(end, start + MAX_QUOTED_CHARS);
        StringBuilder quoted = new StringBuilder(shownEnd - start + 8).append('\'');
        for (int i = start; i < shownEnd; i++) {
            char c = text.charAt(i);
            if (isInvisible(c)) {
                quoted.append(String.format("\\u%04X", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(shownEnd < end ? "...'" : "'").toString();
    }

    static boolean isInvisible(int c) {
        if (c == ' ') {
            return false;
        }
        int type = Character.getType(c);
        return Character.isISOControl(c)
                || type == Character.FORMAT
                || type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.UNASSIGNED;
    }

    /** How a token is named in "unexpected ..." messages. */
    static String describe(String text, Token token) {
        switch (token.kind()) {
            case END:
                return "end of selector";
            case IDENTIFIER:
                return "identifier " + quote(text, token.start(), token.end());
            case STRING:
                return "string " + quote(text, token.start() + 1, token.end() - 1);
            case EXACT_NUMBER:
            case APPROXIMATE_NUMBER:
                return "number "
                        + text.substring(token.start(), Math.min(token.end(), token.start() + MAX_QUOTED_CHARS));
            default:
                return token.kind().isKeyword()
                        ? "'" + token.kind().name() + "'"
                        : quote(text, token.start(), token.end());
        }
    }
}
