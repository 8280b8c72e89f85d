package io.sluice.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import java.io.IOException;

/** Finds the first record of one stored batch that matches a timestamp search. Stateless. */
final class TimestampSearch {
    private TimestampSearch() {}

    /**
     * The offset of the first record of the batch {@code header} in {@code segment} with an offset
     * of at least {@code minOffset} and a timestamp of at least {@code targetMs}, or -1.
     */
    static long firstAtOrAfter(LogSegment segment, BatchHeader header, long targetMs, long minOffset, int maxBatchBytes)
            throws IOException {
        ByteBuf bytes = Unpooled.buffer(header.sizeInBytes());
        try {
            segment.readBytes(bytes, header.position(), header.sizeInBytes());
            RecordBatch batch = RecordBatch.readFrom(bytes, Math.max(maxBatchBytes, header.sizeInBytes()));
            for (Record record : batch) {
                if (record.offset() >= minOffset && record.timestamp() >= targetMs) {
                    return record.offset();
                }
            }
            return -1;
        } finally {
            bytes.release();
        }
    }
}
