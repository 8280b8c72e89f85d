package io.sluice.broker.log;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The lock-free read paths of a {@link PartitionLog}: by offset ({@link #slice}) and by timestamp
 * ({@link #offsetForTimestamp}). Each read takes one snapshot of the high watermark and the log
 * start, finds the segment, retains it while reading, and never reads at or beyond the high
 * watermark's byte position.
 *
 * <p>Stateless; thread-safe.
 */
final class LogReader {
    /** A segment can vanish (retention) between lookup and retain; a few retries settle it. */
    private static final int MAX_ATTEMPTS = 8;

    private LogReader() {}

    static LogSlice slice(PartitionLog log, long offset, int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0: " + maxBytes);
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            LogPosition hw = log.highWatermarkPosition();
            long start = log.logStartOffset();
            if (offset < start || offset > hw.offset()) {
                throw new OffsetOutOfRangeException(log.partition(), offset, start, hw.offset());
            }
            if (offset == hw.offset()) {
                return LogSlice.empty(offset, hw.offset(), start);
            }
            Map.Entry<Long, LogSegment> entry = log.segmentsView().floorEntry(offset);
            if (entry == null || !entry.getValue().tryRetain()) {
                continue;
            }
            LogSegment segment = entry.getValue();
            boolean handedOver = false;
            try {
                LogSlice slice = sliceOf(segment, offset, maxBytes, hw, start);
                if (slice != null) {
                    handedOver = true;
                    return slice;
                }
            } catch (IOException e) {
                throw new LogStorageException("cannot read offset " + offset, segment.logPath(), e);
            } finally {
                if (!handedOver) {
                    segment.release();
                }
            }
        }
        throw new LogStorageException(
                "offset " + offset + " of " + log.partition() + " could not be located in " + MAX_ATTEMPTS
                        + " attempts; segments keep changing under the read",
                log.directory());
    }

    private static LogSlice sliceOf(LogSegment segment, long offset, int maxBytes, LogPosition hw, long start)
            throws IOException {
        long limit = limitFor(segment, hw);
        BatchHeader first = segment.findBatch(offset, limit);
        if (first == null) {
            return null;
        }
        long limitNextOffset = segment.baseOffset() == hw.segmentBaseOffset() ? hw.offset() : segment.nextOffset();
        long targetEnd = first.position() + maxBytes;
        long end = segment.batchBoundaryAtOrBefore(first.endPosition(), targetEnd, limit);
        long nextOffset;
        if (end == first.endPosition()) {
            nextOffset = first.nextOffset();
        } else if (end == limit) {
            nextOffset = limitNextOffset;
        } else {
            nextOffset = headerAt(segment, end, limit);
        }
        return new LogSlice(
                segment,
                first.baseOffset(),
                nextOffset,
                first.position(),
                (int) (end - first.position()),
                hw.offset(),
                start);
    }

    private static long headerAt(LogSegment segment, long position, long limit) throws IOException {
        BatchHeader h = new BatchHeaderReader(segment.channel(), segment.logPath(), limit).readAt(position);
        return h.baseOffset();
    }

    /** The byte position readers may not pass in {@code segment}, given the high watermark. */
    static long limitFor(LogSegment segment, LogPosition hw) {
        if (segment.baseOffset() < hw.segmentBaseOffset()) {
            return segment.sizeInBytes();
        }
        if (segment.baseOffset() == hw.segmentBaseOffset()) {
            return hw.position();
        }
        return 0;
    }

    static OptionalLong offsetForTimestamp(PartitionLog log, long timestampMs) {
        LogPosition hw = log.highWatermarkPosition();
        long start = log.logStartOffset();
        int maxBatchBytes = log.config().maxBatchBytes();
        for (LogSegment segment : log.segmentsView().values()) {
            if (segment.baseOffset() >= hw.offset()) {
                break;
            }
            if (segment.nextOffset() <= start || !segment.tryRetain()) {
                continue;
            }
            try {
                long found = segment.findTimestamp(timestampMs, start, limitFor(segment, hw), maxBatchBytes);
                if (found >= 0) {
                    return OptionalLong.of(found);
                }
            } catch (IOException e) {
                throw new LogStorageException("cannot search timestamp " + timestampMs, segment.logPath(), e);
            } finally {
                segment.release();
            }
        }
        return OptionalLong.empty();
    }
}
