package io.sluice.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Varint;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JMS headers and properties of a message, carried in the record header named {@link
 * #HEADER_KEY}. The broker reads it to evaluate selectors and to apply priority, expiry and delivery
 * delay; the fixed-size fields come first so those three can be read without decoding the rest.
 *
 * <pre>
 * field          type      notes
 * version        int8      1
 * flags          int16     bit 0 NON_PERSISTENT, bit 1 messageId, bit 2 correlationId (string),
 *                          bit 3 correlationId (bytes), bit 4 type, bit 5 replyTo,
 *                          bit 6 timestamp disabled (JMSTimestamp reads 0)
 * priority       int8      0-9
 * expiration     int64     epoch ms, 0 = never
 * deliveryTime   int64     epoch ms, 0 = at the record timestamp (no delay)
 * messageId      vstring   if flagged
 * correlationId  vbytes    if flagged (UTF-8 when flagged as string)
 * type           vstring   if flagged
 * replyTo        int8 kind, vstring name; if flagged
 * propertyCount  varint
 * properties     propertyCount x (name vstring, tag int8, value)
 *                  tag 1 boolean int8 | 2 byte int8 | 3 short int16 | 4 int int32 |
 *                  5 long int64 | 6 float int32 bits | 7 double int64 bits | 8 string vstring
 * </pre>
 *
 * {@code vstring} and {@code vbytes} are a varint length followed by the bytes. JMSTimestamp is the
 * record timestamp, JMSDestination the topic the record is in, and JMSRedelivered and
 * JMSXDeliveryCount come with each delivery, so none of them are stored here.
 *
 * <p>Not thread-safe: a mutable holder filled by one thread.
 */
public final class JmsMetadata {
    /** The record header that holds the metadata. */
    public static final String HEADER_KEY = "jms";

    public static final byte VERSION = 1;
    public static final int DEFAULT_PRIORITY = 4;

    private static final int NON_PERSISTENT = 1;
    private static final int HAS_MESSAGE_ID = 1 << 1;
    private static final int HAS_CORRELATION_ID = 1 << 2;
    private static final int HAS_CORRELATION_ID_BYTES = 1 << 3;
    private static final int HAS_TYPE = 1 << 4;
    private static final int HAS_REPLY_TO = 1 << 5;
    private static final int TIMESTAMP_DISABLED = 1 << 6;

    private static final int FLAGS_OFFSET = 1;
    private static final int PRIORITY_OFFSET = 3;
    private static final int EXPIRATION_OFFSET = 4;
    private static final int DELIVERY_TIME_OFFSET = 12;
    private static final int FIXED_BYTES = 20;

    private static final byte TAG_BOOLEAN = 1;
    private static final byte TAG_BYTE = 2;
    private static final byte TAG_SHORT = 3;
    private static final byte TAG_INT = 4;
    private static final byte TAG_LONG = 5;
    private static final byte TAG_FLOAT = 6;
    private static final byte TAG_DOUBLE = 7;
    private static final byte TAG_STRING = 8;

    private boolean persistent = true;
    private int priority = DEFAULT_PRIORITY;
    private long expiration;
    private long deliveryTime;
    private boolean timestampDisabled;
    private String messageId;
    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private DestinationRef replyTo;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public boolean persistent() {
        return persistent;
    }

    public JmsMetadata persistent(boolean persistent) {
        this.persistent = persistent;
        return this;
    }

    public int priority() {
        return priority;
    }

    public JmsMetadata priority(int priority) {
        if (priority < 0 || priority > 9) {
            throw new IllegalArgumentException("priority " + priority + " is outside 0-9");
        }
        this.priority = priority;
        return this;
    }

    public long expiration() {
        return expiration;
    }

    public JmsMetadata expiration(long expiration) {
        this.expiration = expiration;
        return this;
    }

    public long deliveryTime() {
        return deliveryTime;
    }

    public JmsMetadata deliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
        return this;
    }

    public boolean timestampDisabled() {
        return timestampDisabled;
    }

    public JmsMetadata timestampDisabled(boolean timestampDisabled) {
        this.timestampDisabled = timestampDisabled;
        return this;
    }

    public String messageId() {
        return messageId;
    }

    public JmsMetadata messageId(String messageId) {
        this.messageId = messageId;
        return this;
    }

    /** The correlation id as a string; for one set as bytes, those bytes decoded as UTF-8. */
    public String correlationId() {
        if (correlationId == null && correlationIdBytes != null) {
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    public JmsMetadata correlationId(String correlationId) {
        this.correlationId = correlationId;
        this.correlationIdBytes = null;
        return this;
    }

    /** The correlation id as set with bytes, or the UTF-8 bytes of a string one. */
    public byte[] correlationIdBytes() {
        if (correlationIdBytes == null && correlationId != null) {
            return correlationId.getBytes(StandardCharsets.UTF_8);
        }
        return correlationIdBytes == null ? null : correlationIdBytes.clone();
    }

    public JmsMetadata correlationIdBytes(byte[] correlationIdBytes) {
        this.correlationIdBytes = correlationIdBytes == null ? null : correlationIdBytes.clone();
        this.correlationId = null;
        return this;
    }

    public String type() {
        return type;
    }

    public JmsMetadata type(String type) {
        this.type = type;
        return this;
    }

    public DestinationRef replyTo() {
        return replyTo;
    }

    public JmsMetadata replyTo(DestinationRef replyTo) {
        this.replyTo = replyTo;
        return this;
    }

    /** The properties in insertion order; values are Boolean, Byte, Short, Integer, Long, Float, Double or String. */
    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public Object property(String name) {
        return properties.get(name);
    }

    public JmsMetadata property(String name, Object value) {
        if (value == null) {
            properties.remove(name);
        } else {
            tagOf(value);
            properties.put(name, value);
        }
        return this;
    }

    public JmsMetadata clearProperties() {
        properties.clear();
        return this;
    }

    /** Writes the metadata at the writer index of {@code out}. */
    public void encode(ByteBuf out) {
        int flags = (persistent ? 0 : NON_PERSISTENT)
                | (messageId != null ? HAS_MESSAGE_ID : 0)
                | (correlationId != null ? HAS_CORRELATION_ID : 0)
                | (correlationIdBytes != null ? HAS_CORRELATION_ID_BYTES : 0)
                | (type != null ? HAS_TYPE : 0)
                | (replyTo != null ? HAS_REPLY_TO : 0)
                | (timestampDisabled ? TIMESTAMP_DISABLED : 0);
        out.writeByte(VERSION)
                .writeShort(flags)
                .writeByte(priority)
                .writeLong(expiration)
                .writeLong(deliveryTime);
        if (messageId != null) {
            writeString(out, messageId);
        }
        if (correlationId != null) {
            writeString(out, correlationId);
        }
        if (correlationIdBytes != null) {
            Varint.writeInt(correlationIdBytes.length, out);
            out.writeBytes(correlationIdBytes);
        }
        if (type != null) {
            writeString(out, type);
        }
        if (replyTo != null) {
            out.writeByte(replyTo.kind().code());
            writeString(out, replyTo.name());
        }
        Varint.writeInt(properties.size(), out);
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            writeString(out, e.getKey());
            writeValue(out, e.getValue());
        }
    }

    /**
     * Reads metadata from the readable bytes of {@code in} without moving its reader index.
     *
     * @throws InvalidRecordException if the bytes are not well-formed metadata
     */
    public static JmsMetadata decode(ByteBuf in) {
        ByteBuf buf = in.duplicate();
        requireFixedPart(buf);
        JmsMetadata m = new JmsMetadata();
        buf.skipBytes(1);
        int flags = buf.readShort();
        m.persistent = (flags & NON_PERSISTENT) == 0;
        m.priority = readPriority(buf.readByte());
        m.expiration = buf.readLong();
        m.deliveryTime = buf.readLong();
        m.timestampDisabled = (flags & TIMESTAMP_DISABLED) != 0;
        if ((flags & HAS_MESSAGE_ID) != 0) {
            m.messageId = readString(buf);
        }
        if ((flags & HAS_CORRELATION_ID) != 0) {
            m.correlationId = readString(buf);
        }
        if ((flags & HAS_CORRELATION_ID_BYTES) != 0) {
            int length = readLength(buf);
            m.correlationIdBytes = new byte[length];
            buf.readBytes(m.correlationIdBytes);
        }
        if ((flags & HAS_TYPE) != 0) {
            m.type = readString(buf);
        }
        if ((flags & HAS_REPLY_TO) != 0) {
            need(buf, 1);
            DestinationKind kind = DestinationKind.forCode(buf.readByte());
            m.replyTo = new DestinationRef(kind, readString(buf));
        }
        int count = Varint.readInt(buf);
        if (count < 0 || (long) count * 3 > buf.readableBytes()) {
            throw new InvalidRecordException(
                    "JMS metadata claims " + count + " properties in " + buf.readableBytes() + " bytes");
        }
        for (int i = 0; i < count; i++) {
            String name = readString(buf);
            m.properties.put(name, readValue(buf));
        }
        if (buf.isReadable()) {
            throw new InvalidRecordException("JMS metadata has " + buf.readableBytes() + " trailing bytes");
        }
        return m;
    }

    /** JMSPriority read straight from encoded metadata. */
    public static int peekPriority(ByteBuf encoded) {
        requireFixedPart(encoded);
        return readPriority(encoded.getByte(encoded.readerIndex() + PRIORITY_OFFSET));
    }

    /** JMSExpiration read straight from encoded metadata (0 = never). */
    public static long peekExpiration(ByteBuf encoded) {
        requireFixedPart(encoded);
        return encoded.getLong(encoded.readerIndex() + EXPIRATION_OFFSET);
    }

    /** The delivery time read straight from encoded metadata (0 = no delay). */
    public static long peekDeliveryTime(ByteBuf encoded) {
        requireFixedPart(encoded);
        return encoded.getLong(encoded.readerIndex() + DELIVERY_TIME_OFFSET);
    }

    /** Whether encoded metadata marks the message PERSISTENT. */
    public static boolean peekPersistent(ByteBuf encoded) {
        requireFixedPart(encoded);
        return (encoded.getShort(encoded.readerIndex() + FLAGS_OFFSET) & NON_PERSISTENT) == 0;
    }

    private static void requireFixedPart(ByteBuf buf) {
        if (buf.readableBytes() < FIXED_BYTES) {
            throw new InvalidRecordException(
                    "JMS metadata of " + buf.readableBytes() + " bytes is shorter than " + FIXED_BYTES);
        }
        byte version = buf.getByte(buf.readerIndex());
        if (version != VERSION) {
            throw new InvalidRecordException("unknown JMS metadata version " + version);
        }
    }

    private static int readPriority(byte priority) {
        if (priority < 0 || priority > 9) {
            throw new InvalidRecordException("JMS priority " + priority + " is outside 0-9");
        }
        return priority;
    }

    private static byte tagOf(Object value) {
        if (value instanceof Boolean) {
            return TAG_BOOLEAN;
        } else if (value instanceof Byte) {
            return TAG_BYTE;
        } else if (value instanceof Short) {
            return TAG_SHORT;
        } else if (value instanceof Integer) {
            return TAG_INT;
        } else if (value instanceof Long) {
            return TAG_LONG;
        } else if (value instanceof Float) {
            return TAG_FLOAT;
        } else if (value instanceof Double) {
            return TAG_DOUBLE;
        } else if (value instanceof String) {
            return TAG_STRING;
        }
        throw new IllegalArgumentException("property type " + value.getClass().getName() + " is not allowed");
    }

    private static void writeValue(ByteBuf out, Object value) {
        byte tag = tagOf(value);
        out.writeByte(tag);
        switch (tag) {
            case TAG_BOOLEAN -> out.writeByte((Boolean) value ? 1 : 0);
            case TAG_BYTE -> out.writeByte((Byte) value);
            case TAG_SHORT -> out.writeShort((Short) value);
            case TAG_INT -> out.writeInt((Integer) value);
            case TAG_LONG -> out.writeLong((Long) value);
            case TAG_FLOAT -> out.writeInt(Float.floatToRawIntBits((Float) value));
            case TAG_DOUBLE -> out.writeLong(Double.doubleToRawLongBits((Double) value));
            default -> writeString(out, (String) value);
        }
    }

    private static Object readValue(ByteBuf in) {
        need(in, 1);
        byte tag = in.readByte();
        return switch (tag) {
            case TAG_BOOLEAN -> {
                need(in, 1);
                yield in.readByte() != 0;
            }
            case TAG_BYTE -> {
                need(in, 1);
                yield in.readByte();
            }
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
            default -> throw new InvalidRecordException("unknown JMS property type tag " + tag);
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
            throw new InvalidRecordException(
                    "JMS metadata length " + length + " with " + in.readableBytes() + " bytes left");
        }
        return length;
    }

    private static void need(ByteBuf in, int bytes) {
        if (in.readableBytes() < bytes) {
            throw new InvalidRecordException("JMS metadata truncated");
        }
    }

    @Override
    public String toString() {
        return "JmsMetadata[messageId=" + messageId + ", persistent=" + persistent + ", priority=" + priority
                + ", expiration=" + expiration + ", deliveryTime=" + deliveryTime + ", correlationId="
                + correlationId() + ", type=" + type + ", replyTo=" + replyTo + ", properties=" + properties + "]";
    }
}
