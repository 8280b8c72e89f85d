package io.sluice.jms.message;

import jakarta.jms.MessageFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The typed properties of a message (or of a {@code JMSProducer}), with the rules of the Jakarta
 * Messaging specification:
 *
 * <ul>
 *   <li>names must be Java identifiers, must not be a selector keyword ({@code NULL TRUE FALSE NOT
 *       AND OR BETWEEN LIKE IN IS ESCAPE}, in any case) nor a JMS header field name
 *       ({@code JMSMessageID}, {@code JMSType}, ...); otherwise {@link IllegalArgumentException};
 *   <li>values are Boolean, Byte, Short, Integer, Long, Float, Double or String; anything else is a
 *       {@link MessageFormatException};
 *   <li>a null value removes the property: reading it then behaves exactly as reading a property
 *       that was never set, which is how the specification treats null values;
 *   <li>getters convert as {@link TypeConversions} describes;
 *   <li>{@code JMSXGroupID} must be a String and {@code JMSXGroupSeq} and {@code JMSXDeliveryCount}
 *       must be int values (a byte, short, int or numeric String is stored as an Integer).
 * </ul>
 *
 * Read-only state is not kept here: a message checks it before calling a setter.
 *
 * <p>Not thread-safe; confined to the thread that uses the owning message or producer.
 */
public final class MessageProperties {
    private static final Set<String> RESERVED_WORDS =
            Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE");

    private static final Set<String> HEADER_NAMES = Set.of(
            "JMSDestination",
            "JMSDeliveryMode",
            "JMSExpiration",
            "JMSDeliveryTime",
            "JMSPriority",
            "JMSMessageID",
            "JMSTimestamp",
            "JMSCorrelationID",
            "JMSReplyTo",
            "JMSType",
            "JMSRedelivered");

    private final Map<String, Object> values = new LinkedHashMap<>();

    /**
     * Checks a property name.
     *
     * @throws IllegalArgumentException if the name is null, empty, not a Java identifier, a selector
     *     keyword or a header field name
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a property name must not be null or empty");
        }
        if (!Character.isJavaIdentifierStart(name.charAt(0))) {
            throw new IllegalArgumentException(
                    "property name '" + name + "' does not start with a Java identifier character");
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                throw new IllegalArgumentException("property name '" + name + "' has the character '" + name.charAt(i)
                        + "' at index " + i + ", which a Java identifier cannot contain");
            }
        }
        if (RESERVED_WORDS.contains(name.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("property name '" + name + "' is a message selector keyword");
        }
        if (HEADER_NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "'" + name + "' is a JMS header field, not a property; use its setJMS... method");
        }
    }

    /** Whether the value is of a type a property may hold. */
    public static boolean isValidValue(Object value) {
        return value instanceof Boolean
                || value instanceof Byte
                || value instanceof Short
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Float
                || value instanceof Double
                || value instanceof String;
    }

    /**
     * Sets a property, or removes it when {@code value} is null.
     *
     * @throws IllegalArgumentException if the name is not valid
     * @throws MessageFormatException if the value's type is not allowed, or does not suit a JMSX
     *     property
     */
    public void set(String name, Object value) throws MessageFormatException {
        checkName(name);
        setCheckedName(name, value);
    }

    /** {@link #set} for a name the caller has already checked. */
    void setCheckedName(String name, Object value) throws MessageFormatException {
        if (value == null) {
            values.remove(name);
            return;
        }
        if (!isValidValue(value)) {
            throw new MessageFormatException("property '" + name + "' cannot hold a "
                    + value.getClass().getName()
                    + "; allowed are Boolean, Byte, Short, Integer, Long, Float, Double and String");
        }
        values.put(name, checkJmsx(name, value));
    }

    private static Object checkJmsx(String name, Object value) throws MessageFormatException {
        if (!name.startsWith("JMSX")) {
            return value;
        }
        if (Jmsx.GROUP_ID.equals(name) && !(value instanceof String)) {
            throw new MessageFormatException(
                    Jmsx.GROUP_ID + " must be a String, not a " + TypeConversions.typeName(value));
        }
        if (Jmsx.GROUP_SEQ.equals(name) || Jmsx.DELIVERY_COUNT.equals(name)) {
            try {
                return TypeConversions.toInt(value);
            } catch (NumberFormatException e) {
                MessageFormatException mfe =
                        new MessageFormatException(name + " must be an int; '" + value + "' is not a number");
                mfe.initCause(e);
                throw mfe;
            } catch (MessageFormatException e) {
                throw new MessageFormatException(name + " must be an int, not a " + TypeConversions.typeName(value));
            }
        }
        return value;
    }

    /** The value (Boolean, Byte, Short, Integer, Long, Float, Double or String), or null. */
    public Object get(String name) {
        return name == null ? null : values.get(name);
    }

    public boolean getBoolean(String name) throws MessageFormatException {
        return TypeConversions.toBoolean(get(name));
    }

    public byte getByte(String name) throws MessageFormatException {
        return TypeConversions.toByte(get(name));
    }

    public short getShort(String name) throws MessageFormatException {
        return TypeConversions.toShort(get(name));
    }

    public int getInt(String name) throws MessageFormatException {
        return TypeConversions.toInt(get(name));
    }

    public long getLong(String name) throws MessageFormatException {
        return TypeConversions.toLong(get(name));
    }

    public float getFloat(String name) throws MessageFormatException {
        return TypeConversions.toFloat(get(name));
    }

    public double getDouble(String name) throws MessageFormatException {
        return TypeConversions.toDouble(get(name));
    }

    public String getString(String name) throws MessageFormatException {
        return TypeConversions.toString(get(name));
    }

    public boolean contains(String name) {
        return name != null && values.containsKey(name);
    }

    /** A snapshot of the names, so the caller may change the properties while enumerating. */
    public Enumeration<String> names() {
        return Collections.enumeration(new ArrayList<>(values.keySet()));
    }

    public Set<String> nameSet() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** A read-only view in insertion order. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public void clear() {
        values.clear();
    }

    /** Sets a value that came from a trusted encoding, without checking name or type again. */
    void putDecoded(String name, Object value) {
        values.put(name, value);
    }

    /** Removes one property (used by the provider for provider-managed JMSX values). */
    void remove(String name) {
        values.remove(name);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
