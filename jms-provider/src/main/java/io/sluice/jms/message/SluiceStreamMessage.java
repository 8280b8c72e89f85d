package io.sluice.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.StreamMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A message whose body is a sequence of typed values: boolean, byte, short, char, int, long, float,
 * double, String, byte[] or null. Values are read back in order with the conversions of {@link
 * TypeConversions}; a read whose conversion fails does not move the position, so the value can be
 * read again as another type. A byte[] value can be read in chunks with {@link #readBytes}; until
 * that is finished no other read is allowed. The body travels in the STREAM layout of
 * docs/protocol.md.
 *
 * <p>A new or cleared message is write-only; {@link #reset()} makes it read-only and moves to the
 * first value.
 *
 * <p>Not thread-safe, like every message.
 */
public class SluiceStreamMessage extends SluiceMessage implements StreamMessage {
    private List<Object> fields = new ArrayList<>();
    private int position;
    /** The byte[] value being read by readBytes, or null. */
    private byte[] bytesInProgress;

    private int bytesOffset;

    public SluiceStreamMessage() {}

    // ---- reading

    @Override
    public boolean readBoolean() throws JMSException {
        boolean v = TypeConversions.toBoolean(peek());
        position++;
        return v;
    }

    @Override
    public byte readByte() throws JMSException {
        byte v = TypeConversions.toByte(peek());
        position++;
        return v;
    }

    @Override
    public short readShort() throws JMSException {
        short v = TypeConversions.toShort(peek());
        position++;
        return v;
    }

    @Override
    public char readChar() throws JMSException {
        char v = TypeConversions.toChar(peek());
        position++;
        return v;
    }

    @Override
    public int readInt() throws JMSException {
        int v = TypeConversions.toInt(peek());
        position++;
        return v;
    }

    @Override
    public long readLong() throws JMSException {
        long v = TypeConversions.toLong(peek());
        position++;
        return v;
    }

    @Override
    public float readFloat() throws JMSException {
        float v = TypeConversions.toFloat(peek());
        position++;
        return v;
    }

    @Override
    public double readDouble() throws JMSException {
        double v = TypeConversions.toDouble(peek());
        position++;
        return v;
    }

    @Override
    public String readString() throws JMSException {
        String v = TypeConversions.toString(peek());
        position++;
        return v;
    }

    /** The next value as its wrapper type (a copy for byte[]), or null. */
    @Override
    public Object readObject() throws JMSException {
        Object v = peek();
        position++;
        return v instanceof byte[] bytes ? bytes.clone() : v;
    }

    /**
     * Reads (part of) a byte[] value. Returns the number of bytes copied; a return value smaller
     * than {@code value.length} ends the value. After a call that filled the buffer exactly, the
     * next call returns -1 and ends the value. A null value reads as -1 at once, an empty one as 0.
     *
     * @throws MessageFormatException if the next value is not a byte[] or null
     */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        checkReadable();
        if (bytesInProgress == null) {
            Object next = next();
            if (next == null) {
                position++;
                return -1;
            }
            if (!(next instanceof byte[] bytes)) {
                throw new MessageFormatException(
                        "a " + TypeConversions.typeName(next) + " value cannot be read as byte[]");
            }
            if (bytes.length == 0) {
                position++;
                return 0;
            }
            bytesInProgress = bytes;
            bytesOffset = 0;
        }
        int remaining = bytesInProgress.length - bytesOffset;
        if (remaining == 0) {
            finishBytes();
            return -1;
        }
        int n = Math.min(value.length, remaining);
        System.arraycopy(bytesInProgress, bytesOffset, value, 0, n);
        bytesOffset += n;
        if (n < value.length) {
            finishBytes();
        }
        return n;
    }

    private void finishBytes() {
        bytesInProgress = null;
        bytesOffset = 0;
        position++;
    }

    private Object peek() throws JMSException {
        checkReadable();
        if (bytesInProgress != null) {
            throw new MessageFormatException(
                    "a byte[] value is partly read; call readBytes until it returns less than the buffer length");
        }
        return next();
    }

    private Object next() throws MessageEOFException {
        if (position >= fields.size()) {
            throw new MessageEOFException(
                    "the end of the StreamMessage was reached after " + fields.size() + " values");
        }
        return fields.get(position);
    }

    private void checkReadable() throws MessageNotReadableException {
        if (!isBodyReadOnly()) {
            throw new MessageNotReadableException("this StreamMessage is write-only; call reset() to read it");
        }
    }

    // ---- writing

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        add(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        add(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        add(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        add(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        add(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        add(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        add(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        add(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        add(value);
    }

    /** Writes a copy of {@code value}; null writes a null value. */
    @Override
    public void writeBytes(byte[] value) throws JMSException {
        add(value == null ? null : value.clone());
    }

    /**
     * @throws IndexOutOfBoundsException if offset and length do not lie within {@code value}
     */
    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        Objects.requireNonNull(value, "value");
        Objects.checkFromIndexSize(offset, length, value.length);
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        add(copy);
    }

    /**
     * Writes a Boolean, Byte, Short, Character, Integer, Long, Float, Double, String, byte[] (copied)
     * or null.
     *
     * @throws MessageFormatException for any other type
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (value != null && !BodyValues.isValid(value)) {
            checkBodyWritable();
            throw new MessageFormatException(
                    "a StreamMessage cannot hold a " + value.getClass().getName());
        }
        add(value instanceof byte[] bytes ? bytes.clone() : value);
    }

    private void add(Object value) throws JMSException {
        checkBodyWritable();
        fields.add(value);
    }

    // ---- state

    @Override
    public void reset() {
        setBodyReadOnly(true);
        rewind();
    }

    @Override
    void onBodyReadOnly() {
        rewind();
    }

    private void rewind() {
        position = 0;
        bytesInProgress = null;
        bytesOffset = 0;
    }

    @Override
    void clearBodyContent() {
        fields = new ArrayList<>();
        rewind();
    }

    /** The values, for the codec; byte[] values are not copied and must not be changed. */
    List<Object> fields() {
        return Collections.unmodifiableList(fields);
    }

    /** Installs decoded values (taken over, not copied). */
    void setFields(List<Object> decoded) {
        fields = decoded;
        rewind();
    }

    /**
     * @throws MessageFormatException always: the body of a StreamMessage cannot be returned as one
     *     object
     */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        throw new MessageFormatException("the body of a StreamMessage cannot be returned by getBody");
    }

    @Override
    public boolean hasBody() {
        return true;
    }

    /** Always false: a StreamMessage body cannot be returned by getBody. */
    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        return false;
    }

    @Override
    String typeName() {
        return "StreamMessage";
    }
}
