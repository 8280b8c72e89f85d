package io.sluice.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message whose body is a set of named, typed values: boolean, byte, short, char, int, long,
 * float, double, String, byte[] or null. Getters convert as {@link TypeConversions} describes; a
 * name that was never set reads like a null value. Names must be non-empty. The body travels in
 * the MAP layout of docs/protocol.md.
 *
 * <p>Not thread-safe, like every message.
 */
public class SluiceMapMessage extends SluiceMessage implements MapMessage {
    private Map<String, Object> entries = new LinkedHashMap<>();

    public SluiceMapMessage() {}

    // ---- reading

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return TypeConversions.toBoolean(get(name));
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return TypeConversions.toByte(get(name));
    }

    @Override
    public short getShort(String name) throws JMSException {
        return TypeConversions.toShort(get(name));
    }

    @Override
    public char getChar(String name) throws JMSException {
        return TypeConversions.toChar(get(name));
    }

    @Override
    public int getInt(String name) throws JMSException {
        return TypeConversions.toInt(get(name));
    }

    @Override
    public long getLong(String name) throws JMSException {
        return TypeConversions.toLong(get(name));
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return TypeConversions.toFloat(get(name));
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return TypeConversions.toDouble(get(name));
    }

    @Override
    public String getString(String name) throws JMSException {
        return TypeConversions.toString(get(name));
    }

    /** A copy of the byte[] value, or null. */
    @Override
    public byte[] getBytes(String name) throws JMSException {
        return TypeConversions.toBytes(get(name));
    }

    /** The value as its wrapper type (a copy for byte[]), or null. */
    @Override
    public Object getObject(String name) {
        Object v = get(name);
        return v instanceof byte[] bytes ? bytes.clone() : v;
    }

    /** A snapshot of the names. */
    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(new ArrayList<>(entries.keySet()));
    }

    @Override
    public boolean itemExists(String name) {
        return name != null && entries.containsKey(name);
    }

    private Object get(String name) {
        return name == null ? null : entries.get(name);
    }

    // ---- writing

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    /** Stores a copy of {@code value}; null stores a null value. */
    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    /**
     * @throws IndexOutOfBoundsException if offset and length do not lie within {@code value}
     */
    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        checkName(name);
        Objects.requireNonNull(value, "value");
        Objects.checkFromIndexSize(offset, length, value.length);
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        put(name, copy);
    }

    /**
     * Stores a Boolean, Byte, Short, Character, Integer, Long, Float, Double, String, byte[] (copied)
     * or null.
     *
     * @throws MessageFormatException for any other type
     */
    @Override
    public void setObject(String name, Object value) throws JMSException {
        checkName(name);
        if (value != null && !BodyValues.isValid(value)) {
            checkBodyWritable();
            throw new MessageFormatException(
                    "a MapMessage cannot hold a " + value.getClass().getName());
        }
        put(name, value instanceof byte[] bytes ? bytes.clone() : value);
    }

    private void put(String name, Object value) throws JMSException {
        checkName(name);
        checkBodyWritable();
        entries.put(name, value);
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a MapMessage name must not be null or empty");
        }
    }

    // ---- state

    @Override
    void clearBodyContent() {
        entries = new LinkedHashMap<>();
    }

    /** The entries, for the codec; byte[] values are not copied and must not be changed. */
    Map<String, Object> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Installs decoded entries (taken over, not copied). */
    void setEntries(Map<String, Object> decoded) {
        entries = decoded;
    }

    @Override
    public boolean hasBody() {
        return !entries.isEmpty();
    }

    /** A copy of the entries as a {@code Map} (byte[] values copied), or null when there are none. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        checkBodyClass(c);
        if (entries.isEmpty()) {
            return null;
        }
        Map<String, Object> copy = new HashMap<>(entries.size() * 4 / 3 + 1);
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            Object v = e.getValue();
            copy.put(e.getKey(), v instanceof byte[] bytes ? bytes.clone() : v);
        }
        return bodyAs(c, copy, Map.class, typeName());
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) throws JMSException {
        checkBodyClass(c);
        Class<?> type = c;
        return entries.isEmpty() || type.isAssignableFrom(Map.class);
    }

    @Override
    String typeName() {
        return "MapMessage";
    }
}
