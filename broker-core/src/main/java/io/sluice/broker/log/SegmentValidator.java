package io.sluice.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads a segment file from the start and yields its batches one by one for as long as they are
 * valid: a complete length field within bounds, all declared bytes present, {@link
 * BatchValidator} satisfied, and base offsets following on without a gap from the segment's base
 * offset (the base offset is not covered by the CRC, so this is the only check on it). It stops at
 * the first byte that breaks a rule and remembers why.
 *
 * <p>Reads through a window of at least 1 MiB so that small batches do not cost one read each.
 * Nothing is allocated from a length before that length is bounded by {@code maxBatchBytes} and by
 * the bytes left in the file.
 *
 * <p>Not thread-safe; used by the writer during recovery.
 */
final class SegmentValidator {
    private static final int WINDOW_BYTES = 1 << 20;

    private final FileChannel channel;
    private final Path path;
    private final int maxBatchBytes;
    private final long fileSize;
    private ByteBuffer window = ByteBuffer.allocate(0);
    private long windowStart;
    private long position;
    private long expectedOffset;
    private String problem;

    SegmentValidator(FileChannel channel, Path path, long baseOffset, int maxBatchBytes, long fileSize) {
        this.channel = channel;
        this.path = path;
        this.maxBatchBytes = maxBatchBytes;
        this.fileSize = fileSize;
        this.expectedOffset = baseOffset;
    }

    /** The next valid batch's header, or null at the end of the file or at the first invalid byte. */
    BatchHeader next() throws IOException {
        if (problem != null || position == fileSize) {
            return null;
        }
        long left = fileSize - position;
        if (left < RecordBatch.LOG_OVERHEAD) {
            return stop(left + " trailing bytes are too few for a batch header");
        }
        ensureWindow(RecordBatch.LOG_OVERHEAD);
        int length = window.getInt((int) (position - windowStart) + RecordBatch.LOG_OVERHEAD - 4);
        long size = RecordBatch.LOG_OVERHEAD + (long) length;
        if (length < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD || size > maxBatchBytes) {
            return stop(
                    "batch length " + length + " is outside [" + (RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD)
                            + ", " + (maxBatchBytes - RecordBatch.LOG_OVERHEAD) + "]");
        }
        if (size > left) {
            return stop("batch of " + size + " bytes is cut off after " + left + " bytes");
        }
        ensureWindow((int) size);
        int at = (int) (position - windowStart);
        ByteBuf bytes = Unpooled.wrappedBuffer(
                window.duplicate().position(at).limit(at + (int) size).slice());
        try {
            RecordBatch batch = RecordBatch.wrap(bytes);
            if (batch.baseOffset() != expectedOffset) {
                return stop("batch base offset " + batch.baseOffset() + " where " + expectedOffset + " was expected");
            }
            BatchValidator.validate(batch);
            BatchHeader header = new BatchHeader(
                    position, batch.baseOffset(), (int) size, batch.lastOffsetDelta(), batch.maxTimestamp());
            position += size;
            expectedOffset = batch.nextOffset();
            return header;
        } catch (InvalidRecordException e) {
            return stop(e.getMessage());
        } finally {
            bytes.release();
        }
    }

    private BatchHeader stop(String why) {
        problem = "invalid data at position " + position + " of " + path.getFileName() + ": " + why;
        return null;
    }

    /** Makes {@code [position, position + bytes)} available in the window. */
    private void ensureWindow(int bytes) throws IOException {
        if (position >= windowStart && position + bytes <= windowStart + window.limit()) {
            return;
        }
        int capacity = Math.max(WINDOW_BYTES, bytes);
        if (window.capacity() < capacity) {
            window = ByteBuffer.allocate(capacity);
        }
        window.clear();
        window.limit((int) Math.min(window.capacity(), fileSize - position));
        ChannelIO.readFully(channel, window, position);
        window.flip();
        windowStart = position;
    }

    /** Bytes from the start of the file up to the end of the last valid batch returned. */
    long validBytes() {
        return position;
    }

    /** Why validation stopped before the end of the file, or null if it has not. */
    String problem() {
        return problem;
    }
}
