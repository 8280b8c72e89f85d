package io.sluice.broker.log;

import io.sluice.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Walks batch headers of a segment file through a small read window, so that a scan over many
 * small batches costs one positional read per window rather than one per batch. Used on data the
 * log has already validated (below the end of the segment), so a malformed header means the file
 * was damaged behind the log's back and is reported as a {@link LogStorageException}.
 *
 * <p>Not thread-safe; each reader creates its own, for one scan.
 */
final class BatchHeaderReader {
    private static final int WINDOW_BYTES = 8 * 1024;

    private final FileChannel channel;
    private final Path path;
    private final long limitPosition;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES);
    private long windowStart = -1;
    private int windowLength;

    /**
     * @param limitPosition the scan never reads at or beyond this position (a batch boundary)
     */
    BatchHeaderReader(FileChannel channel, Path path, long limitPosition) {
        this.channel = channel;
        this.path = path;
        this.limitPosition = limitPosition;
    }

    /**
     * The header of the batch starting at {@code position}, or null when {@code position} is at or
     * beyond the limit.
     *
     * @throws LogStorageException if the header is cut short by the limit or holds an impossible
     *     length
     */
    BatchHeader readAt(long position) throws IOException {
        if (position >= limitPosition) {
            return null;
        }
        if (position + BatchHeader.READ_BYTES > limitPosition) {
            throw new LogStorageException(
                    "batch header at position " + position + " is cut off at " + limitPosition, path);
        }
        if (windowStart < 0
                || position < windowStart
                || position + BatchHeader.READ_BYTES > windowStart + windowLength) {
            fill(position);
        }
        int at = (int) (position - windowStart);
        long baseOffset = window.getLong(at);
        int length = window.getInt(at + RecordBatch.LOG_OVERHEAD - 4);
        long size = RecordBatch.LOG_OVERHEAD + (long) length;
        if (length < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD || position + size > limitPosition) {
            throw new LogStorageException(
                    "batch at position " + position + " declares an impossible length " + length + " (limit "
                            + limitPosition + ")",
                    path);
        }
        int lastOffsetDelta = window.getInt(at + 19);
        long maxTimestamp = window.getLong(at + 31);
        return new BatchHeader(position, baseOffset, (int) size, lastOffsetDelta, maxTimestamp);
    }

    private void fill(long position) throws IOException {
        window.clear();
        int wanted = (int) Math.min(WINDOW_BYTES, limitPosition - position);
        window.limit(wanted);
        ChannelIO.readFully(channel, window, position);
        windowStart = position;
        windowLength = wanted;
    }
}
