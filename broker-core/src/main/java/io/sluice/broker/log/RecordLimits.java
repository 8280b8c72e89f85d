package io.sluice.broker.log;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.record.RecordBatch;

/**
 * Limits on the records of one append, checked while the batch is validated: the largest record
 * (length prefix included) and the most headers per record. Producers' appends carry their topic's
 * {@code max.record.bytes} and {@code max.record.headers}; the broker's own appends (moves to a
 * dead-letter queue, the cursor log) carry {@link #NONE}. Recovery never applies them.
 *
 * <p>Immutable; thread-safe.
 */
public record RecordLimits(int maxRecordBytes, int maxRecordHeaders) {
    /** No limit beyond the batch's own. */
    public static final RecordLimits NONE = new RecordLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public RecordLimits {
        if (maxRecordBytes <= 0 || maxRecordHeaders < 0) {
            throw new IllegalArgumentException(
                    "record limits must be positive: " + maxRecordBytes + " bytes, " + maxRecordHeaders + " headers");
        }
    }

    /**
     * Checks every record of {@code records} (one or more batches) against these limits without
     * appending them, for requests whose records are appended later (a transaction's sends).
     *
     * @throws RecordLimitException if a record is larger or has more headers than allowed
     * @throws io.sluice.protocol.record.InvalidRecordException if a batch is malformed
     */
    public void check(ByteBuf records, int maxBatchBytes) {
        ByteBuf view = records.duplicate();
        while (view.isReadable()) {
            BatchValidator.validate(RecordBatch.readFrom(view, maxBatchBytes), maxRecordBytes, maxRecordHeaders);
        }
    }
}
