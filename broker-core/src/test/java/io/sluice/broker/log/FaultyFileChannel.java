package io.sluice.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file channel that fails on command, the way a full or broken disk does: positional writes
 * stop after a byte budget (having written part of the buffer), and fsync can fail. Thread-safe.
 */
final class FaultyFileChannel extends FileChannel {
    /** Shared switches for every channel a test opens. */
    static final class Faults {
        /** Bytes positional writes may still write before failing; negative = unlimited. */
        final AtomicLong writeBudgetBytes = new AtomicLong(-1);

        final AtomicBoolean failForce = new AtomicBoolean();

        void reset() {
            writeBudgetBytes.set(-1);
            failForce.set(false);
        }
    }

    private final FileChannel delegate;
    private final Faults faults;

    FaultyFileChannel(FileChannel delegate, Faults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        long budget = faults.writeBudgetBytes.get();
        if (budget < 0) {
            return delegate.write(src, position);
        }
        if (budget == 0) {
            throw new IOException("No space left on device");
        }
        int allowed = (int) Math.min(budget, src.remaining());
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + allowed);
        int n = delegate.write(part, position);
        src.position(src.position() + n);
        faults.writeBudgetBytes.addAndGet(-n);
        return n;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (faults.failForce.get()) {
            throw new IOException("Input/output error");
        }
        delegate.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return delegate.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
