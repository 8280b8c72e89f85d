package io.sluice.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file channel that fails on command, the way a full or broken disk does: positional writes
 * stop after a byte budget (having written part of the buffer), and fsync can fail. Thread-safe.
 */
final class FaultyFileChannel extends ForwardingFileChannel {
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

    private final Faults faults;

    FaultyFileChannel(FileChannel delegate, Faults faults) {
        super(delegate);
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
}
