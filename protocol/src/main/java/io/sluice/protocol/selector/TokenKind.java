package io.sluice.protocol.selector;

/** The kinds of token a selector is made of. Immutable. */
enum TokenKind {
    IDENTIFIER,
    STRING,
    EXACT_NUMBER,
    APPROXIMATE_NUMBER,
    // Keywords: case-insensitive, never identifiers.
    TRUE,
    FALSE,
    NULL,
    NOT,
    AND,
    OR,
    BETWEEN,
    LIKE,
    IN,
    IS,
    ESCAPE,
    LEFT_PAREN,
    RIGHT_PAREN,
    COMMA,
    EQUAL,
    NOT_EQUAL,
    LESS,
    LESS_EQUAL,
    GREATER,
    GREATER_EQUAL,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    END;

    boolean isKeyword() {
        return compareTo(TRUE) >= 0 && compareTo(ESCAPE) <= 0;
    }

    boolean isComparison() {
        return compareTo(EQUAL) >= 0 && compareTo(GREATER_EQUAL) <= 0;
    }

    /** The keyword this text spells, ignoring ASCII case only, or {@code null}. */
    static TokenKind keyword(String text) {
        if (text.length() < 2 || text.length() > 7) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // Only ASCII letters: "ın" (dotless i) must not become IN through Unicode case folding.
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return null;
            }
        }
        for (TokenKind kind : KEYWORDS) {
            if (kind.name().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        return null;
    }

    private static final TokenKind[] KEYWORDS = {TRUE, FALSE, NULL, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE};
}
