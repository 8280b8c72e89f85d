package io.sluice.broker.log;

import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;

/**
 * The checks a batch passes before the log stores it, and again when recovery re-reads it: the
 * batch's own checks ({@link RecordBatch#ensureValid()}: CRC32C, compression, counts) and the
 * structure of every record, so that a batch whose CRC is right but whose contents are malformed
 * can never reach a consumer. Stateless.
 */
public final class BatchValidator {
    private BatchValidator() {}

    /**
     * @throws InvalidRecordException describing the first problem
     */
    public static void validate(RecordBatch batch) {
        validate(batch, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Validates like {@link #validate(RecordBatch)} and also checks each record against the limits
     * of an append.
     *
     * @throws RecordLimitException if a record is larger or has more headers than allowed
     * @throws InvalidRecordException describing the first other problem
     */
    static void validate(RecordBatch batch, int maxRecordBytes, int maxRecordHeaders) {
        batch.ensureValid();
        int count = batch.recordCount();
        if (count == 0) {
            throw new InvalidRecordException("batch at offset " + batch.baseOffset() + " holds no records");
        }
        if (batch.lastOffsetDelta() != count - 1) {
            throw new InvalidRecordException("batch at offset " + batch.baseOffset() + " has last offset delta "
                    + batch.lastOffsetDelta() + " but " + count + " records; offsets must be contiguous");
        }
        long maxTimestamp = Long.MIN_VALUE;
        long expectedOffset = batch.baseOffset();
        boolean first = true;
        for (Record record : batch) {
            if (record.offset() != expectedOffset) {
                throw new InvalidRecordException("batch at offset " + batch.baseOffset() + ": record offset "
                        + record.offset() + " where " + expectedOffset + " was expected");
            }
            if (first && record.timestamp() != batch.firstTimestamp()) {
                throw new InvalidRecordException("batch at offset " + batch.baseOffset() + ": first record timestamp "
                        + record.timestamp() + " differs from the header's " + batch.firstTimestamp());
            }
            if (record.sizeInBytes() > maxRecordBytes) {
                throw new RecordLimitException("record " + (expectedOffset - batch.baseOffset()) + " of the batch is "
                        + record.sizeInBytes() + " bytes; the topic allows at most " + maxRecordBytes
                        + " (max.record.bytes)");
            }
            if (record.headerCount() > maxRecordHeaders) {
                throw new RecordLimitException("record " + (expectedOffset - batch.baseOffset()) + " of the batch has "
                        + record.headerCount() + " headers; the topic allows at most " + maxRecordHeaders
                        + " (max.record.headers)");
            }
            record.headers();
            maxTimestamp = Math.max(maxTimestamp, record.timestamp());
            expectedOffset++;
            first = false;
        }
        if (maxTimestamp != batch.maxTimestamp()) {
            throw new InvalidRecordException("batch at offset " + batch.baseOffset() + ": header max timestamp "
                    + batch.maxTimestamp() + " differs from the records' " + maxTimestamp);
        }
    }
}
