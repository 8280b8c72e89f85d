package io.sluice.broker.log;

import io.netty.buffer.ByteBuf;

/**
 * Whole batches copied out of the log by {@link PartitionLog#read}, ready to parse with {@link
 * io.sluice.protocol.record.RecordBatch#readFrom} or to send as they are. The caller owns {@code
 * records} and must release it ({@link #close()} does).
 *
 * @param records the batches, back to back; empty when the read was at the high watermark
 * @param firstOffset base offset of the first batch; can be below the offset asked for when that
 *     offset lies inside a batch (skip the records before it)
 * @param nextOffset the offset to read next: one past the last batch returned
 * @param highWatermark the high watermark when the read was served
 * @param logStartOffset the log start offset when the read was served
 */
public record LogReadResult(ByteBuf records, long firstOffset, long nextOffset, long highWatermark, long logStartOffset)
        implements AutoCloseable {

    public boolean isEmpty() {
        return !records.isReadable();
    }

    /** Releases {@link #records()}. */
    @Override
    public void close() {
        records.release();
    }
}
