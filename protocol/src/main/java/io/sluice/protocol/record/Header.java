package io.sluice.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/**
 * One record header: a UTF-8 key and an optional binary value. A header read from a batch holds a
 * slice of the batch's buffer, valid only while that buffer is.
 *
 * <p>Immutable; thread-safe as long as nobody moves the value buffer's indexes.
 */
public final class Header {
    private final String key;
    private final ByteBuf value;

    public Header(String key, ByteBuf value) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = value;
    }

    public static Header of(String key, byte[] value) {
        return new Header(key, value == null ? null : Unpooled.wrappedBuffer(value));
    }

    public String key() {
        return key;
    }

    /** The value, or {@code null}; a view whose indexes callers must not move. */
    public ByteBuf value() {
        return value;
    }

    /** A copy of the value, or {@code null}. */
    public byte[] valueBytes() {
        return value == null ? null : ByteBufUtil.getBytes(value);
    }

    int sizeInBytes() {
        int keyBytes = ByteBufUtil.utf8Bytes(key);
        int valueBytes = value == null ? 0 : value.readableBytes();
        return Varint.sizeOfInt(keyBytes) + keyBytes + Varint.sizeOfInt(value == null ? -1 : valueBytes) + valueBytes;
    }

    @Override
    public String toString() {
        return "Header(" + key + ", " + (value == null ? "null" : value.readableBytes() + " bytes") + ")";
    }
}
