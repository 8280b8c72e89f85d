package io.sluice.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The value conversions of the Jakarta Messaging specification: table 3-2 for message properties
 * and table 3-7 for StreamMessage and MapMessage fields. Properties never hold {@code char} or
 * {@code byte[]}, so one set of rules serves both tables.
 *
 * <pre>
 * written as   readable as
 * boolean      boolean, String
 * byte         byte, short, int, long, String
 * short        short, int, long, String
 * char         char, String
 * int          int, long, String
 * long         long, String
 * float        float, double, String
 * double       double, String
 * String       boolean, byte, short, int, long, float, double, String (not char)
 * byte[]       byte[]
 * </pre>
 *
 * Any other pair throws {@link MessageFormatException}. A String is parsed with the target type's
 * {@code valueOf}, which throws {@link NumberFormatException} for a bad number. A missing or null
 * value is read as {@code valueOf((String) null)}: {@code false} for boolean, {@link
 * NumberFormatException} for byte, short, int and long, {@link NullPointerException} for float,
 * double and char, and {@code null} for String and byte[].
 *
 * <p>Stateless and thread-safe.
 */
final class TypeConversions {
    private TypeConversions() {}

    static boolean toBoolean(Object value) throws MessageFormatException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Boolean.valueOf((String) value);
        }
        throw invalid(value, "boolean");
    }

    static byte toByte(Object value) throws MessageFormatException {
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Byte.valueOf((String) value);
        }
        throw invalid(value, "byte");
    }

    static short toShort(Object value) throws MessageFormatException {
        if (value instanceof Short s) {
            return s;
        }
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Short.valueOf((String) value);
        }
        throw invalid(value, "short");
    }

    static char toChar(Object value) throws MessageFormatException {
        if (value instanceof Character c) {
            return c;
        }
        if (value == null) {
            throw new NullPointerException("a null value cannot be read as a char");
        }
        throw invalid(value, "char");
    }

    static int toInt(Object value) throws MessageFormatException {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value == null || value instanceof String) {
            return Integer.valueOf((String) value);
        }
        throw invalid(value, "int");
    }

    static long toLong(Object value) throws MessageFormatException {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value == null || value instanceof String) {
            return Long.valueOf((String) value);
        }
        throw invalid(value, "long");
    }

    static float toFloat(Object value) throws MessageFormatException {
        if (value instanceof Float f) {
            return f;
        }
        if (value == null || value instanceof String) {
            return Float.valueOf((String) value);
        }
        throw invalid(value, "float");
    }

    static double toDouble(Object value) throws MessageFormatException {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value == null || value instanceof String) {
            return Double.valueOf((String) value);
        }
        throw invalid(value, "double");
    }

    static String toString(Object value) throws MessageFormatException {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[]) {
            throw invalid(value, "String");
        }
        return value.toString();
    }

    /** A copy of a byte[] value; null for null. */
    static byte[] toBytes(Object value) throws MessageFormatException {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        throw invalid(value, "byte[]");
    }

    /** The name of a value's type as the tables name it. */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[]) {
            return "byte[]";
        }
        return switch (value.getClass().getSimpleName()) {
            case "Boolean" -> "boolean";
            case "Byte" -> "byte";
            case "Short" -> "short";
            case "Character" -> "char";
            case "Integer" -> "int";
            case "Long" -> "long";
            case "Float" -> "float";
            case "Double" -> "double";
            default -> value.getClass().getName();
        };
    }

    private static MessageFormatException invalid(Object value, String target) {
        return new MessageFormatException("a " + typeName(value) + " value cannot be read as " + target);
    }
}
