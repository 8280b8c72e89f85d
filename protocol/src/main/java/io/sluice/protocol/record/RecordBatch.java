package io.sluice.protocol.record;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/**
 * A view over one record batch: the unit Sluice writes to disk, sends on the wire and assigns
 * offsets to. The same bytes travel from producer to segment file to consumer.
 *
 * <pre>
 * offset  size  field            notes
 *  0      8     baseOffset       int64, assigned by the broker in place (not under the CRC)
 *  8      4     batchLength      int32, bytes after this field: total size = 12 + batchLength
 * 12      1     magic            int8, format version, currently 1
 * 13      4     crc              uint32, CRC32C of bytes [17, end)
 * 17      2     attributes       int16, bits 0-2 compression (0 = none), bit 4 transactional,
 *                                       bit 5 control, others reserved (0)
 * 19      4     lastOffsetDelta  int32, offset of the last record - baseOffset
 * 23      8     firstTimestamp   int64, epoch ms of the first record
 * 31      8     maxTimestamp     int64, largest record timestamp
 * 39      8     producerId       int64, -1 when the producer is not idempotent
 * 47      2     producerEpoch    int16, -1 likewise
 * 49      4     baseSequence     int32, sequence of the first record, -1 likewise
 * 53      4     recordCount      int32
 * 57      ...   records          see {@link Record}
 * </pre>
 *
 * <p>All integers are big-endian. A batch is validated ({@link #ensureValid()}) before anything
 * trusts its contents; offsets can be assigned afterwards without recomputing the CRC.
 *
 * <p>Not thread-safe; a batch over a shared read-only buffer may be read by many threads if none
 * of them mutates it.
 */
public final class RecordBatch implements Iterable<Record> {
    public static final byte MAGIC = 1;

    static final int BASE_OFFSET_OFFSET = 0;
    static final int LENGTH_OFFSET = 8;
    static final int MAGIC_OFFSET = 12;
    static final int CRC_OFFSET = 13;
    static final int ATTRIBUTES_OFFSET = 17;
    static final int LAST_OFFSET_DELTA_OFFSET = 19;
    static final int FIRST_TIMESTAMP_OFFSET = 23;
    static final int MAX_TIMESTAMP_OFFSET = 31;
    static final int PRODUCER_ID_OFFSET = 39;
    static final int PRODUCER_EPOCH_OFFSET = 47;
    static final int BASE_SEQUENCE_OFFSET = 49;
    static final int RECORD_COUNT_OFFSET = 53;

    /** Bytes before {@code magic}: base offset and length, the part every batch reader needs first. */
    public static final int LOG_OVERHEAD = 12;
    /** Size of a batch with no records. */
    public static final int HEADER_SIZE = 57;

    /** Compression codec bits of the attributes. Only "none" (0) is defined today. */
    public static final int COMPRESSION_MASK = 0x07;

    public static final int TRANSACTIONAL_FLAG = 0x10;
    public static final int CONTROL_FLAG = 0x20;

    /** Smallest well-formed record: length, attributes, two deltas, null key and value, 0 headers. */
    private static final int MIN_RECORD_BYTES = 7;

    private final ByteBuf buf;

    private RecordBatch(ByteBuf buf) {
        this.buf = buf;
    }

    /**
     * The total size of the batch starting at {@code index}, read from its length field, or -1 if
     * fewer than {@link #LOG_OVERHEAD} bytes are there. Nothing is allocated.
     *
     * @throws InvalidRecordException if the length is below the header size or above {@code
     *     maxBatchBytes}
     */
    public static int sizeAt(ByteBuf in, int index, int maxBatchBytes) {
        if (in.writerIndex() - index < LOG_OVERHEAD) {
            return -1;
        }
        int length = in.getInt(index + LENGTH_OFFSET);
        if (length < HEADER_SIZE - LOG_OVERHEAD || length > maxBatchBytes - LOG_OVERHEAD) {
            throw new InvalidRecordException("batch length " + length + " at index " + index
                    + " is outside [" + (HEADER_SIZE - LOG_OVERHEAD) + ", " + (maxBatchBytes - LOG_OVERHEAD)
                    + "]");
        }
        return LOG_OVERHEAD + length;
    }

    /**
     * Reads one batch at the reader index of {@code in} and advances past it. The returned batch is a
     * slice sharing {@code in}'s memory; its CRC is not yet checked.
     *
     * @throws InvalidRecordException if the batch is truncated, its length is out of bounds or its
     *     magic byte is unknown
     */
    public static RecordBatch readFrom(ByteBuf in, int maxBatchBytes) {
        int index = in.readerIndex();
        int size = sizeAt(in, index, maxBatchBytes);
        if (size < 0 || size > in.readableBytes()) {
            throw new InvalidRecordException("batch at index " + index + " is truncated: "
                    + (size < 0 ? "no complete length field" : size + " bytes declared")
                    + ", " + in.readableBytes() + " present");
        }
        return wrap(in.readSlice(size));
    }

    /**
     * Wraps a buffer holding exactly one batch (its readable bytes).
     *
     * @throws InvalidRecordException if the declared length differs from the buffer or the magic is
     *     unknown
     */
    public static RecordBatch wrap(ByteBuf batch) {
        ByteBuf slice = batch.slice();
        if (slice.readableBytes() < HEADER_SIZE) {
            throw new InvalidRecordException(
                    "batch of " + slice.readableBytes() + " bytes is smaller than the " + HEADER_SIZE + "-byte header");
        }
        int declared = LOG_OVERHEAD + slice.getInt(LENGTH_OFFSET);
        if (declared != slice.readableBytes()) {
            throw new InvalidRecordException(
                    "batch declares " + declared + " bytes but " + slice.readableBytes() + " were given");
        }
        byte magic = slice.getByte(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new InvalidRecordException("unknown batch magic " + magic + " (expected " + MAGIC + ")");
        }
        return new RecordBatch(slice);
    }

    /**
     * Checks the CRC and the header's internal consistency. Records themselves are checked as they
     * are iterated.
     *
     * @throws InvalidRecordException describing the first problem found
     */
    public RecordBatch ensureValid() {
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new InvalidRecordException("batch at offset " + baseOffset() + " is corrupt: stored CRC32C "
                    + Long.toHexString(stored) + ", computed " + Long.toHexString(computed));
        }
        int attributes = attributes();
        if ((attributes & COMPRESSION_MASK) != 0) {
            throw new InvalidRecordException("batch at offset " + baseOffset() + " uses unsupported compression "
                    + (attributes & COMPRESSION_MASK));
        }
        int count = recordCount();
        int recordBytes = sizeInBytes() - HEADER_SIZE;
        if (count < 0 || (long) count * MIN_RECORD_BYTES > recordBytes) {
            throw new InvalidRecordException(
                    "batch at offset " + baseOffset() + " claims " + count + " records in " + recordBytes + " bytes");
        }
        if (lastOffsetDelta() < 0 || (count > 0 && lastOffsetDelta() < count - 1)) {
            throw new InvalidRecordException("batch at offset " + baseOffset() + " has last offset delta "
                    + lastOffsetDelta() + " for " + count + " records");
        }
        return this;
    }

    /** Whether {@link #ensureValid()} would pass. */
    public boolean isValid() {
        try {
            ensureValid();
            return true;
        } catch (InvalidRecordException e) {
            return false;
        }
    }

    private long computeChecksum() {
        CRC32C crc = new CRC32C();
        update(crc, buf, ATTRIBUTES_OFFSET, buf.readableBytes() - ATTRIBUTES_OFFSET);
        return crc.getValue();
    }

    static void update(CRC32C crc, ByteBuf buf, int index, int length) {
        if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(buf.readerIndex() + index, length));
        } else {
            for (ByteBuffer part : buf.nioBuffers(buf.readerIndex() + index, length)) {
                crc.update(part);
            }
        }
    }

    public long baseOffset() {
        return buf.getLong(BASE_OFFSET_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset the next batch in the log will have. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public int sizeInBytes() {
        return buf.readableBytes();
    }

    public byte magic() {
        return buf.getByte(MAGIC_OFFSET);
    }

    public long checksum() {
        return buf.getUnsignedInt(CRC_OFFSET);
    }

    public int attributes() {
        return buf.getShort(ATTRIBUTES_OFFSET);
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG) != 0;
    }

    public boolean isControl() {
        return (attributes() & CONTROL_FLAG) != 0;
    }

    public int lastOffsetDelta() {
        return buf.getInt(LAST_OFFSET_DELTA_OFFSET);
    }

    public long firstTimestamp() {
        return buf.getLong(FIRST_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buf.getLong(MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buf.getLong(PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buf.getShort(PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buf.getInt(BASE_SEQUENCE_OFFSET);
    }

    /** Sequence of the last record, or -1 when the batch carries no sequence. */
    public int lastSequence() {
        int base = baseSequence();
        if (base < 0) {
            return -1;
        }
        // Sequences wrap at Integer.MAX_VALUE back to 0, as the producer assigns them.
        long last = (long) base + lastOffsetDelta();
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    public int recordCount() {
        return buf.getInt(RECORD_COUNT_OFFSET);
    }

    /** Whether the batch was written by an idempotent producer. */
    public boolean hasProducerId() {
        return producerId() >= 0;
    }

    /** Assigns the batch its place in the log; the CRC does not cover this field. */
    public void setBaseOffset(long baseOffset) {
        buf.setLong(BASE_OFFSET_OFFSET, baseOffset);
    }

    /**
     * Rewrites the producer id, epoch and base sequence and recomputes the CRC. An idempotent
     * producer numbers a batch when it first sends it, and numbers it again if it must re-send it
     * under a new producer identity; the records are not touched.
     */
    public void restamp(long producerId, short producerEpoch, int baseSequence) {
        buf.setLong(PRODUCER_ID_OFFSET, producerId);
        buf.setShort(PRODUCER_EPOCH_OFFSET, producerEpoch);
        buf.setInt(BASE_SEQUENCE_OFFSET, baseSequence);
        buf.setInt(CRC_OFFSET, (int) computeChecksum());
    }

    /** The batch's bytes: a view sharing memory with the buffer it was read from. */
    public ByteBuf buffer() {
        return buf.duplicate();
    }

    /**
     * Iterates the records, validating each one. The iterator throws {@link InvalidRecordException}
     * if a record is malformed, if the batch ends before {@link #recordCount()} records, or if bytes
     * remain after the last one.
     */
    @Override
    public Iterator<Record> iterator() {
        ByteBuf records = buf.slice(HEADER_SIZE, buf.readableBytes() - HEADER_SIZE);
        long base = baseOffset();
        long firstTimestamp = firstTimestamp();
        int count = recordCount();
        return new Iterator<>() {
            private int read;
            private long previousOffset = base - 1;

            @Override
            public boolean hasNext() {
                if (read < count) {
                    return true;
                }
                if (records.isReadable()) {
                    throw new InvalidRecordException("batch at offset " + base + " has " + records.readableBytes()
                            + " bytes after its " + count + " records");
                }
                return false;
            }

            @Override
            public Record next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (!records.isReadable()) {
                    throw new InvalidRecordException(
                            "batch at offset " + base + " ends after " + read + " of " + count + " records");
                }
                read++;
                Record record = Record.readFrom(records, base, firstTimestamp);
                if (record.offset() <= previousOffset || record.offset() > lastOffset()) {
                    throw new InvalidRecordException("batch at offset " + base + ": record offset " + record.offset()
                            + " is not after " + previousOffset + " or beyond the last offset " + lastOffset());
                }
                previousOffset = record.offset();
                return record;
            }
        };
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", records="
                + recordCount() + ", bytes=" + sizeInBytes() + ", producerId=" + producerId() + ", epoch="
                + producerEpoch() + ", baseSequence=" + baseSequence() + ")";
    }
}
