package io.sluice.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message whose body is a stream of uninterpreted bytes, written and read with the encodings of
 * {@link java.io.DataOutput} (big-endian numbers, modified UTF-8 strings). It travels as the raw
 * record value; a record from the native client, which has no JMS metadata, is received as a
 * BytesMessage with the record value as body.
 *
 * <p>A new or cleared message is write-only; {@link #reset()} makes it read-only and moves to the
 * start. A read that fails (end of stream, malformed UTF) leaves the position where it was.
 *
 * <p>Not thread-safe, like every message.
 */
public class SluiceBytesMessage extends SluiceMessage implements BytesMessage {
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_BODY_BYTES = Integer.MAX_VALUE - 8;

    private byte[] buf = EMPTY;
    private int length;
    private int position;

    public SluiceBytesMessage() {}

    // ---- reading

    @Override
    public long getBodyLength() throws JMSException {
        checkReadable();
        return length;
    }

    @Override
    public boolean readBoolean() throws JMSException {
        need(1);
        return buf[position++] != 0;
    }

    @Override
    public byte readByte() throws JMSException {
        need(1);
        return buf[position++];
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        return readByte() & 0xff;
    }

    @Override
    public short readShort() throws JMSException {
        return (short) readBigEndian(2);
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        return (int) readBigEndian(2) & 0xffff;
    }

    @Override
    public char readChar() throws JMSException {
        return (char) readBigEndian(2);
    }

    @Override
    public int readInt() throws JMSException {
        return (int) readBigEndian(4);
    }

    @Override
    public long readLong() throws JMSException {
        return readBigEndian(8);
    }

    @Override
    public float readFloat() throws JMSException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws JMSException {
        return Double.longBitsToDouble(readLong());
    }

    private long readBigEndian(int bytes) throws JMSException {
        need(bytes);
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (buf[position++] & 0xff);
        }
        return v;
    }

    /**
     * @throws MessageEOFException if the string's length prefix or bytes run past the end
     * @throws MessageFormatException if the bytes are not modified UTF-8; the position is unchanged
     */
    @Override
    public String readUTF() throws JMSException {
        need(2);
        int utfLength = ((buf[position] & 0xff) << 8) | (buf[position + 1] & 0xff);
        need(2 + utfLength);
        try {
            String s = DataInputStream.readUTF(
                    new DataInputStream(new ByteArrayInputStream(buf, position, 2 + utfLength)));
            position += 2 + utfLength;
            return s;
        } catch (EOFException e) {
            throw JmsErrors.linked(new MessageEOFException("a UTF string runs past the end of the body"), e);
        } catch (IOException e) {
            throw JmsErrors.linked(
                    new MessageFormatException("malformed modified UTF-8 at body position " + position), e);
        }
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    /**
     * @return the number of bytes read, or -1 at the end of the body
     * @throws IndexOutOfBoundsException if {@code length} is negative or longer than {@code value}
     */
    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        checkReadable();
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException(
                    "length " + length + " does not fit an array of " + value.length + " bytes");
        }
        int remaining = this.length - position;
        if (remaining <= 0) {
            return -1;
        }
        int n = Math.min(length, remaining);
        System.arraycopy(buf, position, value, 0, n);
        position += n;
        return n;
    }

    private void need(int bytes) throws JMSException {
        checkReadable();
        if (length - position < bytes) {
            throw new MessageEOFException("reading " + bytes + " bytes at position " + position + " of a " + length
                    + "-byte body runs past its end");
        }
    }

    private void checkReadable() throws MessageNotReadableException {
        if (!isBodyReadOnly()) {
            throw new MessageNotReadableException("this BytesMessage is write-only; call reset() to read it");
        }
    }

    // ---- writing

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        writeByte((byte) (value ? 1 : 0));
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        reserve(1);
        buf[length++] = value;
    }

    @Override
    public void writeShort(short value) throws JMSException {
        writeBigEndian(value, 2);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        writeBigEndian(value, 2);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        writeBigEndian(value, 4);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        writeBigEndian(value, 8);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        writeInt(Float.floatToIntBits(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        writeLong(Double.doubleToLongBits(value));
    }

    private void writeBigEndian(long value, int bytes) throws JMSException {
        reserve(bytes);
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            buf[length++] = (byte) (value >>> shift);
        }
    }

    /**
     * @throws NullPointerException if {@code value} is null (a BytesMessage has no null values)
     * @throws MessageFormatException if the string needs more than 65535 bytes of modified UTF-8
     */
    @Override
    public void writeUTF(String value) throws JMSException {
        Objects.requireNonNull(value, "a BytesMessage cannot hold a null string");
        checkBodyWritable();
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 2);
        try {
            new DataOutputStream(out).writeUTF(value);
        } catch (IOException e) {
            throw JmsErrors.linked(new MessageFormatException("string too long for writeUTF: " + e.getMessage()), e);
        }
        writeBytes(out.toByteArray());
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        writeBytes(value, 0, value.length);
    }

    /**
     * @throws IndexOutOfBoundsException if offset and length do not lie within {@code value}
     */
    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        Objects.requireNonNull(value, "a BytesMessage cannot hold a null array");
        Objects.checkFromIndexSize(offset, length, value.length);
        reserve(length);
        System.arraycopy(value, offset, buf, this.length, length);
        this.length += length;
    }

    /**
     * Writes a Boolean, Byte, Short, Character, Integer, Long, Float, Double, String (as {@link
     * #writeUTF}) or byte[].
     *
     * @throws NullPointerException if {@code value} is null
     * @throws MessageFormatException for any other type
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        Objects.requireNonNull(value, "a BytesMessage cannot hold a null value");
        if (value instanceof Boolean v) {
            writeBoolean(v);
        } else if (value instanceof Byte v) {
            writeByte(v);
        } else if (value instanceof Short v) {
            writeShort(v);
        } else if (value instanceof Character v) {
            writeChar(v);
        } else if (value instanceof Integer v) {
            writeInt(v);
        } else if (value instanceof Long v) {
            writeLong(v);
        } else if (value instanceof Float v) {
            writeFloat(v);
        } else if (value instanceof Double v) {
            writeDouble(v);
        } else if (value instanceof String v) {
            writeUTF(v);
        } else if (value instanceof byte[] v) {
            writeBytes(v);
        } else {
            throw new MessageFormatException(
                    "a BytesMessage cannot hold a " + value.getClass().getName());
        }
    }

    private void reserve(int bytes) throws JMSException {
        checkBodyWritable();
        if (bytes > MAX_BODY_BYTES - length) {
            throw new MessageFormatException("a BytesMessage body cannot exceed " + MAX_BODY_BYTES + " bytes");
        }
        int needed = length + bytes;
        if (needed > buf.length) {
            int capacity = (int) Math.min(MAX_BODY_BYTES, Math.max(needed, Math.max(64L, 2L * buf.length)));
            buf = Arrays.copyOf(buf, capacity);
        }
    }

    // ---- state

    @Override
    public void reset() {
        setBodyReadOnly(true);
        position = 0;
    }

    @Override
    void onBodyReadOnly() {
        position = 0;
    }

    @Override
    void clearBodyContent() {
        buf = EMPTY;
        length = 0;
        position = 0;
    }

    /** A copy of the whole body, whatever the mode and position. */
    byte[] bodyBytes() {
        return Arrays.copyOf(buf, length);
    }

    /** Installs a decoded body (taken over, not copied). */
    void setBodyBytes(byte[] body) {
        buf = body;
        length = body.length;
        position = 0;
    }

    @Override
    public boolean hasBody() {
        return length != 0;
    }

    /**
     * The whole body as {@code byte[]}, or null when the body is empty. In read mode the position
     * moves back to the start, as the specification's "reset before and after use" implies; a message
     * still being written stays writable.
     */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        checkBodyClass(c);
        if (length == 0) {
            return null;
        }
        T body = bodyAs(c, bodyBytes(), byte[].class, typeName());
        position = 0;
        return body;
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) throws JMSException {
        checkBodyClass(c);
        Class<?> type = c;
        return length == 0 || type.isAssignableFrom(byte[].class);
    }

    @Override
    String typeName() {
        return "BytesMessage";
    }
}
