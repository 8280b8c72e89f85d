package io.sluice.jms.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Varint;
import jakarta.jms.MessageFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record-value layouts of StreamMessage and MapMessage bodies: typed values, tag then value,
 * with the tags of the JMS property encoding plus char, byte[] and null.
 *
 * <pre>
 * STREAM value                          MAP value
 * fieldCount  varint                    entryCount  varint
 * fields      fieldCount x              entries     entryCount x
 *               tag    int8                           name   vstring (not empty, unique)
 *               value  (by tag)                       tag    int8
 *                                                     value  (by tag)
 *
 * tag  type     value bytes
 *  0   null     none
 *  1   boolean  int8, 0 or 1
 *  2   byte     int8
 *  3   short    int16
 *  4   int      int32
 *  5   long     int64
 *  6   float    int32, IEEE 754 bits
 *  7   double   int64, IEEE 754 bits
 *  8   String   vstring: varint length, UTF-8
 *  9   char     uint16, UTF-16 code unit
 * 10   byte[]   vbytes: varint length, bytes
 * </pre>
 *
 * Integers are big-endian; varints are zig-zag as everywhere in Sluice. The decoder checks every
 * count and length against the bytes left before allocating, and rejects unknown tags, duplicate
 * or empty map names and trailing bytes with a {@link MessageFormatException} saying what and where.
 *
 * <p>Stateless and thread-safe.
 */
final class BodyValues {
    static final byte TAG_NULL = 0;
    static final byte TAG_BOOLEAN = 1;
    static final byte TAG_BYTE = 2;
    static final byte TAG_SHORT = 3;
    static final byte TAG_INT = 4;
    static final byte TAG_LONG = 5;
    static final byte TAG_FLOAT = 6;
    static final byte TAG_DOUBLE = 7;
    static final byte TAG_STRING = 8;
    static final byte TAG_CHAR = 9;
    static final byte TAG_BYTES = 10;

    private BodyValues() {}

    /** Whether a StreamMessage or MapMessage may hold this (non-null) value. */
    static boolean isValid(Object value) {
        return value instanceof Boolean
                || value instanceof Byte
                || value instanceof Short
                || value instanceof Character
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Float
                || value instanceof Double
                || value instanceof String
                || value instanceof byte[];
    }

    static byte[] encodeStream(List<Object> fields) {
        ByteBuf out = Unpooled.buffer(16 + fields.size() * 8);
        Varint.writeInt(fields.size(), out);
        for (Object value : fields) {
            writeValue(out, value);
        }
        return ByteBufUtil.getBytes(out);
    }

    static byte[] encodeMap(Map<String, Object> entries) {
        ByteBuf out = Unpooled.buffer(16 + entries.size() * 16);
        Varint.writeInt(entries.size(), out);
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            writeString(out, e.getKey());
            writeValue(out, e.getValue());
        }
        return ByteBufUtil.getBytes(out);
    }

    /**
     * @throws MessageFormatException if the bytes are not a well-formed STREAM body
     */
    static List<Object> decodeStream(byte[] value) throws MessageFormatException {
        ByteBuf in = Unpooled.wrappedBuffer(value);
        try {
            int count = readCount(in, 1, "StreamMessage");
            List<Object> fields = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                fields.add(readValue(in));
            }
            requireEnd(in, "StreamMessage");
            return fields;
        } catch (InvalidRecordException | IllegalArgumentException e) {
            throw malformed("StreamMessage", in, e);
        }
    }

    /**
     * @throws MessageFormatException if the bytes are not a well-formed MAP body
     */
    static Map<String, Object> decodeMap(byte[] value) throws MessageFormatException {
        ByteBuf in = Unpooled.wrappedBuffer(value);
        try {
            int count = readCount(in, 3, "MapMessage");
            Map<String, Object> entries = new LinkedHashMap<>(Math.max(16, count * 4 / 3 + 1));
            for (int i = 0; i < count; i++) {
                String name = readString(in);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("entry " + i + " has an empty name");
                }
                if (entries.containsKey(name)) {
                    throw new IllegalArgumentException("name '" + name + "' appears twice");
                }
                entries.put(name, readValue(in));
            }
            requireEnd(in, "MapMessage");
            return entries;
        } catch (InvalidRecordException | IllegalArgumentException e) {
            throw malformed("MapMessage", in, e);
        }
    }

    private static int readCount(ByteBuf in, int minBytesEach, String what) {
        int count = Varint.readInt(in);
        if (count < 0 || (long) count * minBytesEach > in.readableBytes()) {
            throw new IllegalArgumentException(
                    what + " body claims " + count + " values in " + in.readableBytes() + " bytes");
        }
        return count;
    }

    private static void requireEnd(ByteBuf in, String what) {
        if (in.isReadable()) {
            throw new IllegalArgumentException(in.readableBytes() + " bytes follow the last value of the " + what);
        }
    }

    private static MessageFormatException malformed(String what, ByteBuf in, RuntimeException cause) {
        return JmsErrors.linked(
                new MessageFormatException(
                        "malformed " + what + " body at byte " + in.readerIndex() + ": " + cause.getMessage()),
                cause);
    }

    private static void writeValue(ByteBuf out, Object value) {
        if (value == null) {
            out.writeByte(TAG_NULL);
        } else if (value instanceof Boolean v) {
            out.writeByte(TAG_BOOLEAN).writeByte(v ? 1 : 0);
        } else if (value instanceof Byte v) {
            out.writeByte(TAG_BYTE).writeByte(v);
        } else if (value instanceof Short v) {
            out.writeByte(TAG_SHORT).writeShort(v);
        } else if (value instanceof Integer v) {
            out.writeByte(TAG_INT).writeInt(v);
        } else if (value instanceof Long v) {
            out.writeByte(TAG_LONG).writeLong(v);
        } else if (value instanceof Float v) {
            out.writeByte(TAG_FLOAT).writeInt(Float.floatToRawIntBits(v));
        } else if (value instanceof Double v) {
            out.writeByte(TAG_DOUBLE).writeLong(Double.doubleToRawLongBits(v));
        } else if (value instanceof String v) {
            out.writeByte(TAG_STRING);
            writeString(out, v);
        } else if (value instanceof Character v) {
            out.writeByte(TAG_CHAR).writeChar(v);
        } else if (value instanceof byte[] v) {
            out.writeByte(TAG_BYTES);
            Varint.writeInt(v.length, out);
            out.writeBytes(v);
        } else {
            throw new IllegalArgumentException(
                    "a body value cannot be a " + value.getClass().getName());
        }
    }

    private static Object readValue(ByteBuf in) {
        byte tag = readByte(in);
        return switch (tag) {
            case TAG_NULL -> null;
            case TAG_BOOLEAN -> {
                byte b = readByte(in);
                if (b != 0 && b != 1) {
                    throw new IllegalArgumentException("boolean byte " + b + " is neither 0 nor 1");
                }
                yield b == 1;
            }
            case TAG_BYTE -> readByte(in);
            case TAG_SHORT -> {
                need(in, 2);
                yield in.readShort();
            }
            case TAG_INT -> {
                need(in, 4);
                yield in.readInt();
            }
            case TAG_LONG -> {
                need(in, 8);
                yield in.readLong();
            }
            case TAG_FLOAT -> {
                need(in, 4);
                yield Float.intBitsToFloat(in.readInt());
            }
            case TAG_DOUBLE -> {
                need(in, 8);
                yield Double.longBitsToDouble(in.readLong());
            }
            case TAG_STRING -> readString(in);
            case TAG_CHAR -> {
                need(in, 2);
                yield in.readChar();
            }
            case TAG_BYTES -> {
                byte[] bytes = new byte[readLength(in)];
                in.readBytes(bytes);
                yield bytes;
            }
            default -> throw new IllegalArgumentException("unknown value tag " + tag);
        };
    }

    private static void writeString(ByteBuf out, String s) {
        Varint.writeInt(ByteBufUtil.utf8Bytes(s), out);
        ByteBufUtil.writeUtf8(out, s);
    }

    private static String readString(ByteBuf in) {
        int length = readLength(in);
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    private static int readLength(ByteBuf in) {
        int length = Varint.readInt(in);
        if (length < 0 || length > in.readableBytes()) {
            throw new IllegalArgumentException("length " + length + " with " + in.readableBytes() + " bytes left");
        }
        return length;
    }

    private static byte readByte(ByteBuf in) {
        need(in, 1);
        return in.readByte();
    }

    private static void need(ByteBuf in, int bytes) {
        if (in.readableBytes() < bytes) {
            throw new IllegalArgumentException(
                    "truncated: " + bytes + " bytes needed, " + in.readableBytes() + " left");
        }
    }
}
