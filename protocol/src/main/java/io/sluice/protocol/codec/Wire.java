package io.sluice.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The primitive types every frame body is made of, read with bounds checks so that a length or count
 * taken from the wire is never trusted beyond the bytes actually present.
 *
 * <pre>
 * type      encoding
 * int8/16/32/64   big-endian two's complement
 * boolean   int8, 0 or 1
 * string    int16 length (-1 = null), then that many bytes of UTF-8
 * bytes     int32 length (-1 = null), then that many bytes
 * array     int32 count (-1 = null), then the elements
 * map       array of (string key, string value)
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Wire {
    private Wire() {}

    public static void writeString(ByteBuf out, String s) {
        if (s == null) {
            out.writeShort(-1);
            return;
        }
        int lengthIndex = out.writerIndex();
        out.writeShort(0);
        int bytes = ByteBufUtil.writeUtf8(out, s);
        if (bytes > Short.MAX_VALUE) {
            out.writerIndex(lengthIndex);
            throw new IllegalArgumentException("string of " + bytes + " UTF-8 bytes exceeds " + Short.MAX_VALUE);
        }
        out.setShort(lengthIndex, bytes);
    }

    public static String readString(ByteBuf in, String field) {
        short length = readShort(in, field);
        if (length == -1) {
            return null;
        }
        checkLength(in, length, field);
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    /** Reads a string that must not be null. */
    public static String readRequiredString(ByteBuf in, String field) {
        String s = readString(in, field);
        if (s == null) {
            throw new MalformedFrameException(field + " must not be null");
        }
        return s;
    }

    public static void writeBytes(ByteBuf out, byte[] bytes) {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length).writeBytes(bytes);
        }
    }

    /** Writes the readable bytes of {@code bytes} (not moving its reader index), or -1 for null. */
    public static void writeBytes(ByteBuf out, ByteBuf bytes) {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.readableBytes()).writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
        }
    }

    public static byte[] readBytes(ByteBuf in, String field) {
        int length = readInt(in, field);
        if (length == -1) {
            return null;
        }
        checkLength(in, length, field);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    /** Reads a bytes field as a slice of {@code in}, without copying; null for length -1. */
    public static ByteBuf readBytesSlice(ByteBuf in, String field) {
        int length = readInt(in, field);
        if (length == -1) {
            return null;
        }
        checkLength(in, length, field);
        return in.readSlice(length);
    }

    public static <T> void writeArray(ByteBuf out, List<T> items, BiConsumer<ByteBuf, T> writer) {
        if (items == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(items.size());
        for (T item : items) {
            writer.accept(out, item);
        }
    }

    /**
     * Reads an array whose elements take at least {@code minElementBytes} each, so that a forged
     * count cannot make the reader allocate more than the frame could hold.
     */
    public static <T> List<T> readArray(ByteBuf in, String field, int minElementBytes, Function<ByteBuf, T> reader) {
        int count = readInt(in, field);
        if (count == -1) {
            return null;
        }
        if (count < 0 || (long) count * Math.max(minElementBytes, 1) > in.readableBytes()) {
            throw new MalformedFrameException(
                    field + " claims " + count + " elements but only " + in.readableBytes() + " bytes remain");
        }
        List<T> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(reader.apply(in));
        }
        return Collections.unmodifiableList(items);
    }

    /** Reads an array that must not be null. */
    public static <T> List<T> readRequiredArray(
            ByteBuf in, String field, int minElementBytes, Function<ByteBuf, T> reader) {
        List<T> items = readArray(in, field, minElementBytes, reader);
        if (items == null) {
            throw new MalformedFrameException(field + " must not be null");
        }
        return items;
    }

    public static void writeMap(ByteBuf out, Map<String, String> map) {
        if (map == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(map.size());
        map.forEach((k, v) -> {
            writeString(out, k);
            writeString(out, v);
        });
    }

    public static Map<String, String> readMap(ByteBuf in, String field) {
        List<Map.Entry<String, String>> entries = readArray(
                in,
                field,
                4,
                b -> Map.entry(readRequiredString(b, field + " key"), readRequiredString(b, field + " value")));
        if (entries == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(map);
    }

    public static void writeBoolean(ByteBuf out, boolean value) {
        out.writeByte(value ? 1 : 0);
    }

    public static boolean readBoolean(ByteBuf in, String field) {
        byte b = readByte(in, field);
        if (b != 0 && b != 1) {
            throw new MalformedFrameException(field + " must be 0 or 1, was " + b);
        }
        return b == 1;
    }

    public static byte readByte(ByteBuf in, String field) {
        need(in, 1, field);
        return in.readByte();
    }

    public static short readShort(ByteBuf in, String field) {
        need(in, 2, field);
        return in.readShort();
    }

    public static int readInt(ByteBuf in, String field) {
        need(in, 4, field);
        return in.readInt();
    }

    public static long readLong(ByteBuf in, String field) {
        need(in, 8, field);
        return in.readLong();
    }

    /** Fails unless the whole body was consumed: trailing bytes mean the peer's layout differs. */
    public static void expectEnd(ByteBuf in, String what) {
        if (in.isReadable()) {
            throw new MalformedFrameException(what + " has " + in.readableBytes() + " unexpected trailing bytes");
        }
    }

    private static void need(ByteBuf in, int bytes, String field) {
        if (in.readableBytes() < bytes) {
            throw new MalformedFrameException(
                    field + " is truncated: needs " + bytes + " bytes, " + in.readableBytes() + " remain");
        }
    }

    private static void checkLength(ByteBuf in, int length, String field) {
        if (length < 0) {
            throw new MalformedFrameException(field + " has negative length " + length);
        }
        if (length > in.readableBytes()) {
            throw new MalformedFrameException(
                    field + " declares " + length + " bytes but only " + in.readableBytes() + " remain");
        }
    }
}
