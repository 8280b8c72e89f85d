package io.sluice.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes records straight into one pooled buffer in the {@link RecordBatch} layout: the header space
 * is reserved up front, records are appended as they come, and {@link #build()} fills in the header
 * and the CRC. No intermediate copies are made.
 *
 * <p>{@link #build()} hands the buffer to the caller, who must release it; a builder abandoned
 * before that must be {@link #release() released}.
 *
 * <p>Not thread-safe; confined to the thread that fills the batch.
 */
public final class RecordBatchBuilder {
    private final ByteBuf buf;
    private final long producerId;
    private final short producerEpoch;
    private final int baseSequence;
    private final int attributes;
    private int recordCount;
    private long firstTimestamp;
    private long maxTimestamp = -1L;
    private boolean built;

    /**
     * @param allocator where the batch buffer comes from (normally the pooled allocator)
     * @param initialCapacity starting capacity in bytes; the buffer grows as needed
     * @param producerId the idempotent producer's id, or -1
     * @param producerEpoch its epoch, or -1
     * @param baseSequence sequence of the first record in this batch, or -1
     * @param attributes batch attributes, see {@link RecordBatch}
     */
    public RecordBatchBuilder(
            ByteBufAllocator allocator,
            int initialCapacity,
            long producerId,
            short producerEpoch,
            int baseSequence,
            int attributes) {
        if ((attributes & RecordBatch.COMPRESSION_MASK) != 0) {
            throw new IllegalArgumentException("compression is not supported: attributes " + attributes);
        }
        this.buf = allocator.buffer(Math.max(initialCapacity, RecordBatch.HEADER_SIZE));
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        this.attributes = attributes;
        buf.writeZero(RecordBatch.HEADER_SIZE);
    }

    /** A builder for a batch without producer id or sequence. */
    public static RecordBatchBuilder plain(ByteBufAllocator allocator, int initialCapacity) {
        return new RecordBatchBuilder(allocator, initialCapacity, -1L, (short) -1, -1, 0);
    }

    /** Bytes a record with these fields takes in a batch, length prefix included. */
    public static int recordSize(
            int offsetDelta, long timestampDelta, ByteBuf key, ByteBuf value, List<Header> headers) {
        int body = bodySize(offsetDelta, timestampDelta, key, value, headers);
        return Varint.sizeOfInt(body) + body;
    }

    private static int bodySize(
            int offsetDelta, long timestampDelta, ByteBuf key, ByteBuf value, List<Header> headers) {
        int size = 1 + Varint.sizeOfLong(timestampDelta) + Varint.sizeOfInt(offsetDelta);
        size += nullableSize(key) + nullableSize(value);
        size += Varint.sizeOfInt(headers.size());
        for (Header h : headers) {
            size += h.sizeInBytes();
        }
        return size;
    }

    private static int nullableSize(ByteBuf bytes) {
        if (bytes == null) {
            return Varint.sizeOfInt(-1);
        }
        int n = bytes.readableBytes();
        return Varint.sizeOfInt(n) + n;
    }

    /**
     * Appends a record. Key, value and header buffers are copied from their readable bytes and not
     * modified or released.
     *
     * @return the record's offset delta within the batch
     */
    public int append(long timestamp, byte recordAttributes, ByteBuf key, ByteBuf value, List<Header> headers) {
        if (built) {
            throw new IllegalStateException("batch already built");
        }
        if (recordCount == 0) {
            firstTimestamp = timestamp;
        }
        int offsetDelta = recordCount;
        long timestampDelta = timestamp - firstTimestamp;
        Varint.writeInt(bodySize(offsetDelta, timestampDelta, key, value, headers), buf);
        buf.writeByte(recordAttributes);
        Varint.writeLong(timestampDelta, buf);
        Varint.writeInt(offsetDelta, buf);
        writeNullable(key);
        writeNullable(value);
        Varint.writeInt(headers.size(), buf);
        for (Header h : headers) {
            Varint.writeInt(ByteBufUtil.utf8Bytes(h.key()), buf);
            ByteBufUtil.writeUtf8(buf, h.key());
            writeNullable(h.value());
        }
        recordCount++;
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        return offsetDelta;
    }

    /** Appends a record with byte-array key and value (either may be null) and no headers. */
    public int append(long timestamp, byte[] key, byte[] value) {
        return append(
                timestamp,
                (byte) 0,
                key == null ? null : Unpooled.wrappedBuffer(key),
                value == null ? null : Unpooled.wrappedBuffer(value),
                List.of());
    }

    private void writeNullable(ByteBuf bytes) {
        if (bytes == null) {
            Varint.writeInt(-1, buf);
        } else {
            Varint.writeInt(bytes.readableBytes(), buf);
            buf.writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
        }
    }

    public int recordCount() {
        return recordCount;
    }

    /** Bytes the batch takes so far, header included. */
    public int sizeInBytes() {
        return buf.readableBytes();
    }

    public boolean isEmpty() {
        return recordCount == 0;
    }

    /**
     * Completes the header (base offset 0, to be assigned by the broker) and the CRC, and hands the
     * buffer over. The builder cannot be used afterwards.
     */
    public ByteBuf build() {
        if (built) {
            throw new IllegalStateException("batch already built");
        }
        built = true;
        buf.setLong(RecordBatch.BASE_OFFSET_OFFSET, 0L);
        buf.setInt(RecordBatch.LENGTH_OFFSET, buf.readableBytes() - RecordBatch.LOG_OVERHEAD);
        buf.setByte(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        buf.setShort(RecordBatch.ATTRIBUTES_OFFSET, attributes);
        buf.setInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, Math.max(recordCount - 1, 0));
        buf.setLong(RecordBatch.FIRST_TIMESTAMP_OFFSET, recordCount == 0 ? -1L : firstTimestamp);
        buf.setLong(RecordBatch.MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buf.setLong(RecordBatch.PRODUCER_ID_OFFSET, producerId);
        buf.setShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        buf.setInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        buf.setInt(RecordBatch.RECORD_COUNT_OFFSET, recordCount);
        CRC32C crc = new CRC32C();
        RecordBatch.update(
                crc, buf, RecordBatch.ATTRIBUTES_OFFSET, buf.readableBytes() - RecordBatch.ATTRIBUTES_OFFSET);
        buf.setInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
        return buf;
    }

    /** Releases the buffer of a builder that will not be built. */
    public void release() {
        if (!built) {
            built = true;
            buf.release();
        }
    }
}
