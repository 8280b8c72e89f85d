package io.sluice.protocol.record;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One record of a {@link RecordBatch}, read in place: key, value and header values are slices of the
 * batch's buffer (no copy), valid only while that buffer is. Headers are parsed on first use.
 *
 * <pre>
 * field            type     notes
 * length           varint   bytes after this field
 * attributes       int8     bits 0-3: JMS body type (see docs/protocol.md), others reserved
 * timestampDelta   varlong  record timestamp - batch firstTimestamp
 * offsetDelta      varint   record offset - batch baseOffset
 * keyLength        varint   -1 for a null key
 * key              bytes
 * valueLength      varint   -1 for a null value
 * value            bytes
 * headerCount      varint
 * headers          headerCount x (keyLength varint, key UTF-8, valueLength varint (-1 null), value)
 * </pre>
 *
 * <p>Not thread-safe: the lazily parsed headers are cached without synchronisation.
 */
public final class Record {
    /** The smallest possible header: empty key, null value. */
    private static final int MIN_HEADER_BYTES = 2;

    private final long offset;
    private final long timestamp;
    private final byte attributes;
    private final ByteBuf key;
    private final ByteBuf value;
    private final int headerCount;
    private final ByteBuf headerBytes;
    private final int sizeInBytes;
    private final ByteBuf source;
    private final int sourceIndex;
    private List<Header> headers;

    private Record(
            long offset,
            long timestamp,
            byte attributes,
            ByteBuf key,
            ByteBuf value,
            int headerCount,
            ByteBuf headerBytes,
            int sizeInBytes,
            ByteBuf source,
            int sourceIndex) {
        this.offset = offset;
        this.timestamp = timestamp;
        this.attributes = attributes;
        this.key = key;
        this.value = value;
        this.headerCount = headerCount;
        this.headerBytes = headerBytes;
        this.sizeInBytes = sizeInBytes;
        this.source = source;
        this.sourceIndex = sourceIndex;
    }

    /**
     * Reads one record at the reader index of {@code in}, advancing it past the record. Offsets and
     * timestamps are computed from the base values of the batch the record was written in.
     *
     * @throws InvalidRecordException if the record is truncated or its lengths are inconsistent
     */
    public static Record readFrom(ByteBuf in, long baseOffset, long firstTimestamp) {
        int start = in.readerIndex();
        int length = Varint.readInt(in);
        if (length < 0 || length > in.readableBytes()) {
            throw new InvalidRecordException("record length " + length + " at index " + start + " exceeds the "
                    + in.readableBytes() + " bytes left in the batch");
        }
        ByteBuf body = in.readSlice(length);
        byte attributes = readByte(body);
        long timestamp = firstTimestamp + Varint.readLong(body);
        long offset = baseOffset + Varint.readInt(body);
        ByteBuf key = readNullableBytes(body, "key");
        ByteBuf value = readNullableBytes(body, "value");
        int headerCount = Varint.readInt(body);
        if (headerCount < 0 || (long) headerCount * MIN_HEADER_BYTES > body.readableBytes()) {
            throw new InvalidRecordException("record at offset " + offset + " claims " + headerCount + " headers in "
                    + body.readableBytes() + " bytes");
        }
        ByteBuf headerBytes = body.readSlice(body.readableBytes());
        return new Record(
                offset,
                timestamp,
                attributes,
                key,
                value,
                headerCount,
                headerBytes,
                in.readerIndex() - start,
                in,
                start);
    }

    private static byte readByte(ByteBuf body) {
        if (!body.isReadable()) {
            throw new InvalidRecordException("empty record");
        }
        return body.readByte();
    }

    private static ByteBuf readNullableBytes(ByteBuf body, String what) {
        int length = Varint.readInt(body);
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > body.readableBytes()) {
            throw new InvalidRecordException(
                    "record " + what + " length " + length + " but " + body.readableBytes() + " bytes left");
        }
        return body.readSlice(length);
    }

    public long offset() {
        return offset;
    }

    public long timestamp() {
        return timestamp;
    }

    public byte attributes() {
        return attributes;
    }

    /** The key, or {@code null}; a slice of the batch buffer. */
    public ByteBuf key() {
        return key;
    }

    /** The value, or {@code null}; a slice of the batch buffer. */
    public ByteBuf value() {
        return value;
    }

    public int headerCount() {
        return headerCount;
    }

    /** Bytes this record takes in its batch, including its length prefix. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /**
     * The record's encoded bytes, length prefix included, as a slice of the batch buffer: what a
     * broker forwards to a consumer without re-encoding. Read back with {@link #readFrom} and the
     * batch's base offset and first timestamp.
     */
    public ByteBuf rawBytes() {
        return source.slice(sourceIndex, sizeInBytes);
    }

    /**
     * The headers, parsed on first call.
     *
     * @throws InvalidRecordException if the header bytes are malformed
     */
    public List<Header> headers() {
        if (headers == null) {
            headers = parseHeaders();
        }
        return headers;
    }

    /** The value of the first header named {@code name}, or {@code null} if there is none. */
    public ByteBuf header(String name) {
        for (Header h : headers()) {
            if (h.key().equals(name)) {
                return h.value();
            }
        }
        return null;
    }

    private List<Header> parseHeaders() {
        if (headerCount == 0) {
            if (headerBytes.isReadable()) {
                throw trailingBytes();
            }
            return Collections.emptyList();
        }
        ByteBuf in = headerBytes.duplicate();
        List<Header> parsed = new ArrayList<>(headerCount);
        for (int i = 0; i < headerCount; i++) {
            int keyLength = Varint.readInt(in);
            if (keyLength < 0 || keyLength > in.readableBytes()) {
                throw new InvalidRecordException("record at offset " + offset + ": header key length " + keyLength
                        + " with " + in.readableBytes() + " bytes left");
            }
            String headerKey = in.toString(in.readerIndex(), keyLength, StandardCharsets.UTF_8);
            in.skipBytes(keyLength);
            parsed.add(new Header(headerKey, readNullableBytes(in, "header value")));
        }
        if (in.isReadable()) {
            throw trailingBytes();
        }
        return Collections.unmodifiableList(parsed);
    }

    private InvalidRecordException trailingBytes() {
        return new InvalidRecordException("record at offset " + offset + " has bytes after its last header");
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key="
                + (key == null ? "null" : key.readableBytes() + "B") + ", value="
                + (value == null ? "null" : value.readableBytes() + "B") + ", headers=" + headerCount + ")";
    }
}
