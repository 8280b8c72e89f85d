package io.sluice.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run of whole stored batches inside one segment file, for sending without copying through the
 * heap ({@code FileChannel.transferTo} or a Netty file region) or for copying out. A slice holds a
 * reference to its segment: the file stays open and readable, even if retention deletes the
 * segment meanwhile, until the slice is {@linkplain #close() closed}. Every slice must be closed
 * exactly once; closing again does nothing.
 *
 * <p>When handing the region to Netty, wrap {@link #channel()} in a {@code FileRegion} whose
 * {@code deallocate()} closes this slice. Do not use {@code DefaultFileRegion}: it would close the
 * segment's channel, which belongs to the log. Never close {@link #channel()} yourself.
 *
 * <p>Thread-safe: the bytes are immutable once below the high watermark, and {@link #close()} may be
 * called from any thread.
 */
public final class LogSlice implements AutoCloseable {
    private final LogSegment segment;
    private final long firstOffset;
    private final long nextOffset;
    private final long position;
    private final int sizeInBytes;
    private final long highWatermark;
    private final long logStartOffset;
    private final AtomicBoolean closed = new AtomicBoolean();

    LogSlice(
            LogSegment segment,
            long firstOffset,
            long nextOffset,
            long position,
            int sizeInBytes,
            long highWatermark,
            long logStartOffset) {
        this.segment = segment;
        this.firstOffset = firstOffset;
        this.nextOffset = nextOffset;
        this.position = position;
        this.sizeInBytes = sizeInBytes;
        this.highWatermark = highWatermark;
        this.logStartOffset = logStartOffset;
    }

    static LogSlice empty(long offset, long highWatermark, long logStartOffset) {
        return new LogSlice(null, offset, offset, 0, 0, highWatermark, logStartOffset);
    }

    /** Base offset of the first batch; can be below the offset asked for (skip those records). */
    public long firstOffset() {
        return firstOffset;
    }

    /** The offset to read next: one past the last record of the last batch in the slice. */
    public long nextOffset() {
        return nextOffset;
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public int sizeInBytes() {
        return sizeInBytes;
    }

    public boolean isEmpty() {
        return sizeInBytes == 0;
    }

    /** The segment file, for zero-copy transfer of {@code [position, position + sizeInBytes)}; null if empty. */
    public FileChannel channel() {
        return segment == null ? null : segment.channel();
    }

    /** Byte position of the first batch in {@link #channel()}. */
    public long position() {
        return position;
    }

    /** Writes the whole slice to {@code target} with {@code FileChannel.transferTo}; returns the bytes written. */
    public long transferTo(WritableByteChannel target) {
        ensureOpen();
        long done = 0;
        try {
            while (done < sizeInBytes) {
                long n = segment.channel().transferTo(position + done, sizeInBytes - done, target);
                if (n <= 0) {
                    throw new LogStorageException(
                            "transfer stopped after " + done + " of " + sizeInBytes + " bytes", segment.logPath());
                }
                done += n;
            }
            return done;
        } catch (IOException e) {
            throw new LogStorageException(
                    "cannot transfer " + sizeInBytes + " bytes at " + position, segment.logPath(), e);
        }
    }

    /** Copies the slice into a new buffer from {@code allocator}; the caller releases it. */
    public ByteBuf readBytes(ByteBufAllocator allocator) {
        ensureOpen();
        if (segment == null) {
            return allocator.buffer(0, 0);
        }
        ByteBuf buf = allocator.buffer(sizeInBytes, sizeInBytes);
        try {
            segment.readBytes(buf, position, sizeInBytes);
            return buf;
        } catch (IOException | RuntimeException e) {
            buf.release();
            if (e instanceof LogStorageException lse) {
                throw lse;
            }
            throw new LogStorageException("cannot read " + sizeInBytes + " bytes at " + position, segment.logPath(), e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("slice is closed");
        }
    }

    /** Releases the segment reference. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && segment != null) {
            segment.release();
        }
    }

    @Override
    public String toString() {
        return "LogSlice(offsets " + firstOffset + ".." + nextOffset + ", " + sizeInBytes + " bytes at " + position
                + (segment == null ? "" : " of " + segment.logPath().getFileName()) + ")";
    }
}
