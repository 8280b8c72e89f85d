package io.sluice.protocol.record;

import io.netty.buffer.ByteBuf;

/**
 * Zig-zag variable-length integers (the encoding protocol buffers use): small magnitudes, positive
 * or negative, take one byte. An int takes at most 5 bytes and a long at most 10; a longer run of
 * continuation bits is rejected instead of being read forever.
 *
 * <p>Stateless and thread-safe.
 */
public final class Varint {
    private Varint() {}

    /** Bytes {@link #writeInt} uses for {@code value}. */
    public static int sizeOfInt(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((v & 0xffffff80) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Bytes {@link #writeLong} uses for {@code value}. */
    public static int sizeOfLong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & 0xffffffffffffff80L) != 0L) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    public static void writeInt(int value, ByteBuf out) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xffffff80) != 0) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    public static void writeLong(long value, ByteBuf out) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            out.writeByte(((int) v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /**
     * Reads a zig-zag int.
     *
     * @throws InvalidRecordException if the buffer ends inside the varint or it is longer than 5
     *     bytes
     */
    public static int readInt(ByteBuf in) {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!in.isReadable()) {
                throw new InvalidRecordException("varint truncated at buffer index " + in.readerIndex());
            }
            byte b = in.readByte();
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new InvalidRecordException("varint longer than 5 bytes before buffer index " + in.readerIndex());
    }

    /**
     * Reads a zig-zag long.
     *
     * @throws InvalidRecordException if the buffer ends inside the varlong or it is longer than 10
     *     bytes
     */
    public static long readLong(ByteBuf in) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!in.isReadable()) {
                throw new InvalidRecordException("varlong truncated at buffer index " + in.readerIndex());
            }
            byte b = in.readByte();
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new InvalidRecordException("varlong longer than 10 bytes before buffer index " + in.readerIndex());
    }
}
