package io.sluice.protocol.selector;

/**
 * Scans numeric literals in Java's syntax, as the JMS specification asks: decimal, hexadecimal
 * ({@code 0x1d}), octal ({@code 035}) and binary ({@code 0b11101}) integers with an optional
 * {@code L} suffix, decimal and hexadecimal floating-point numbers ({@code 7.}, {@code .7e4},
 * {@code -57.9E2}, {@code 0x1.8p1}) with an optional {@code F} or {@code D} suffix, and
 * underscores between digits.
 *
 * <p>Types follow Java: an integer is an {@link Integer} unless it has an {@code L} suffix or
 * does not fit an {@code int}; then it is a {@link Long} (Java would reject an unsuffixed literal
 * beyond the {@code int} range, but the JMS specification asks for the range of {@code long}). A
 * hexadecimal, octal or binary integer of at most 32 bits is an {@code int} in two's complement
 * ({@code 0xFFFFFFFF} is -1), of at most 64 bits a {@code long}. A floating-point literal is a
 * {@link Double}, or a {@link Float} with an {@code F} suffix.
 *
 * <p>Stateless; thread-safe.
 */
final class NumericLiterals {
    private static final String DECIMAL_DIGITS = "0123456789";
    private static final String HEX_DIGITS = "0123456789abcdefABCDEF";
    private static final String BINARY_DIGITS = "01";

    private NumericLiterals() {}

    /** Scans the literal at {@code start}: a digit, or a '.' followed by a digit. */
    static Token scan(String text, int start) throws InvalidSelectorSyntaxException {
        if (text.charAt(start) == '0' && start + 1 < text.length()) {
            char radix = (char) (text.charAt(start + 1) | 0x20);
            if (radix == 'x') {
                return scanHex(text, start);
            }
            if (radix == 'b') {
                return scanBinary(text, start);
            }
        }
        return scanDecimal(text, start);
    }

    private static Token scanDecimal(String text, int start) throws InvalidSelectorSyntaxException {
        int i = digits(text, start, DECIMAL_DIGITS, start);
        boolean floating = false;
        if (charAt(text, i) == '.') {
            floating = true;
            i = digits(text, i + 1, DECIMAL_DIGITS, start);
        }
        if ((charAt(text, i) | 0x20) == 'e') {
            floating = true;
            i = exponent(text, i + 1, start);
        }
        char suffix = charAt(text, i);
        if ("fFdD".indexOf(suffix) >= 0 && suffix != 0) {
            i++;
            return floating(text, start, ensureEnd(text, start, i), suffix);
        }
        if (floating) {
            return floating(text, start, ensureEnd(text, start, i), 'd');
        }
        boolean longSuffix = (suffix | 0x20) == 'l';
        int end = ensureEnd(text, start, longSuffix ? i + 1 : i);
        String digits = strip(text, start, i);
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            for (int k = 1; k < digits.length(); k++) {
                if (digits.charAt(k) > '7') {
                    throw SelectorErrors.at(
                            text,
                            start,
                            "malformed number " + SelectorErrors.quote(text, start, end),
                            "a leading 0 makes it octal, and octal digits are 0 to 7");
                }
            }
            return bits(text, start, end, digits.substring(1), 8, longSuffix);
        }
        return decimal(text, start, end, digits, longSuffix);
    }

    private static Token scanHex(String text, int start) throws InvalidSelectorSyntaxException {
        int digitsStart = start + 2;
        int i = digits(text, digitsStart, HEX_DIGITS, start);
        boolean hasDigits = i > digitsStart;
        char next = charAt(text, i);
        if (next == '.' || (next | 0x20) == 'p') {
            if (next == '.') {
                int fractionStart = i + 1;
                i = digits(text, fractionStart, HEX_DIGITS, start);
                hasDigits |= i > fractionStart;
            }
            if (!hasDigits || (charAt(text, i) | 0x20) != 'p') {
                throw malformed(text, start, i, "a hexadecimal floating-point number needs digits and a p exponent");
            }
            i = exponent(text, i + 1, start);
            char suffix = charAt(text, i);
            if ("fFdD".indexOf(suffix) >= 0 && suffix != 0) {
                i++;
            } else {
                suffix = 'd';
            }
            return floating(text, start, ensureEnd(text, start, i), suffix);
        }
        if (!hasDigits) {
            throw malformed(text, start, i, "0x must be followed by hexadecimal digits");
        }
        boolean longSuffix = (next | 0x20) == 'l';
        int end = ensureEnd(text, start, longSuffix ? i + 1 : i);
        return bits(text, start, end, strip(text, digitsStart, i), 16, longSuffix);
    }

    private static Token scanBinary(String text, int start) throws InvalidSelectorSyntaxException {
        int digitsStart = start + 2;
        int i = digits(text, digitsStart, BINARY_DIGITS, start);
        if (i == digitsStart) {
            throw malformed(text, start, i, "0b must be followed by binary digits");
        }
        boolean longSuffix = (charAt(text, i) | 0x20) == 'l';
        int end = ensureEnd(text, start, longSuffix ? i + 1 : i);
        return bits(text, start, end, strip(text, digitsStart, i), 2, longSuffix);
    }

    /** Scans digits and underscores; underscores may only sit between digits, as in Java. */
    private static int digits(String text, int from, String allowed, int literalStart)
            throws InvalidSelectorSyntaxException {
        int i = from;
        while (i < text.length() && (allowed.indexOf(text.charAt(i)) >= 0 || text.charAt(i) == '_')) {
            i++;
        }
        if (i > from && (text.charAt(from) == '_' || text.charAt(i - 1) == '_')) {
            throw malformed(text, literalStart, i, "underscores may only separate digits");
        }
        return i;
    }

    private static int exponent(String text, int from, int literalStart) throws InvalidSelectorSyntaxException {
        int i = from;
        if (charAt(text, i) == '+' || charAt(text, i) == '-') {
            i++;
        }
        int end = digits(text, i, DECIMAL_DIGITS, literalStart);
        if (end == i) {
            throw malformed(text, literalStart, end, "the exponent has no digits");
        }
        return end;
    }

    /** A literal must not run into an identifier: {@code 12abc} and {@code 0x1g} are errors. */
    private static int ensureEnd(String text, int start, int end) throws InvalidSelectorSyntaxException {
        if (end < text.length() && Character.isJavaIdentifierPart(text.codePointAt(end))) {
            throw malformed(text, start, end, null);
        }
        return end;
    }

    private static Token floating(String text, int start, int end, char suffix) throws InvalidSelectorSyntaxException {
        String literal = strip(text, start, end);
        boolean isFloat = (suffix | 0x20) == 'f';
        double value = isFloat ? Float.parseFloat(literal) : Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            throw SelectorErrors.at(
                    text,
                    start,
                    "number " + SelectorErrors.quote(text, start, end) + " is too large",
                    "the largest " + (isFloat ? "float is " + Float.MAX_VALUE : "double is " + Double.MAX_VALUE));
        }
        if (value == 0 && hasNonZeroSignificand(literal)) {
            throw SelectorErrors.at(
                    text,
                    start,
                    "number " + SelectorErrors.quote(text, start, end) + " is too small",
                    "it would round to zero");
        }
        Number number = isFloat ? (Number) Float.valueOf((float) value) : (Number) Double.valueOf(value);
        return new Token(TokenKind.APPROXIMATE_NUMBER, start, end, number, 0);
    }

    private static boolean hasNonZeroSignificand(String literal) {
        boolean hex = literal.length() > 1 && (literal.charAt(1) | 0x20) == 'x';
        for (int i = hex ? 2 : 0; i < literal.length(); i++) {
            char c = (char) (literal.charAt(i) | 0x20);
            if (c == (hex ? 'p' : 'e')) {
                return false;
            }
            if ((c >= '1' && c <= '9') || (hex && c >= 'a' && c <= 'f')) {
                return true;
            }
        }
        return false;
    }

    private static Token decimal(String text, int start, int end, String digits, boolean longSuffix)
            throws InvalidSelectorSyntaxException {
        long magnitude;
        try {
            magnitude = digits.length() > 20 ? -1 : Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            magnitude = -1;
        }
        if (magnitude == Long.MIN_VALUE) { // 2^63: valid only as -9223372036854775808
            return new Token(TokenKind.EXACT_NUMBER, start, end, Long.MIN_VALUE, Token.MINUS_ONLY);
        }
        if (magnitude < 0) {
            throw SelectorErrors.at(
                    text,
                    start,
                    "number " + SelectorErrors.quote(text, start, end) + " is too large",
                    "exact numbers must lie in the range of a Java long, " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        }
        if (!longSuffix && magnitude <= Integer.MAX_VALUE) {
            return new Token(TokenKind.EXACT_NUMBER, start, end, (int) magnitude, 0);
        }
        int flags = !longSuffix && magnitude == 1L << 31 ? Token.INT_MIN_MAGNITUDE : 0;
        return new Token(TokenKind.EXACT_NUMBER, start, end, magnitude, flags);
    }

    private static Token bits(String text, int start, int end, String digits, int radix, boolean longSuffix)
            throws InvalidSelectorSyntaxException {
        long value;
        try {
            value = digits.isEmpty() ? 0 : Long.parseUnsignedLong(digits, radix);
        } catch (NumberFormatException e) {
            throw SelectorErrors.at(
                    text,
                    start,
                    "number " + SelectorErrors.quote(text, start, end) + " is too large",
                    "it needs more than 64 bits");
        }
        if (!longSuffix && (value >>> 32) == 0) {
            return new Token(TokenKind.EXACT_NUMBER, start, end, (int) value, 0);
        }
        return new Token(TokenKind.EXACT_NUMBER, start, end, value, 0);
    }

    private static InvalidSelectorSyntaxException malformed(String text, int start, int end, String detail) {
        int shown = end;
        while (shown < text.length() && Character.isJavaIdentifierPart(text.charAt(shown))) {
            shown++;
        }
        return SelectorErrors.at(
                text, start, "malformed number " + SelectorErrors.quote(text, start, Math.max(shown, end)), detail);
    }

    private static String strip(String text, int start, int end) {
        String literal = text.substring(start, end);
        return literal.indexOf('_') < 0 ? literal : literal.replace("_", "");
    }

    private static char charAt(String text, int index) {
        return index < text.length() ? text.charAt(index) : 0;
    }
}
