package io.sluice.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The producer's memory budget ({@code bufferMemoryBytes}): every batch reserves its bytes before it
 * is created and gives them back when it is acknowledged or failed. A sender that finds the budget
 * exhausted waits up to {@code maxBlockMs} for batches to complete, then fails with
 * RESOURCE_LIMIT_EXCEEDED; with {@code maxBlockMs = 0} it fails at once.
 *
 * <p>Thread-safe; guarded by {@code lock}.
 */
final class BufferMemory {
    private final long totalBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private long availableBytes;
    private boolean closed;

    BufferMemory(long totalBytes) {
        this.totalBytes = totalBytes;
        this.availableBytes = totalBytes;
    }

    /**
     * Takes {@code bytes} from the budget, waiting up to {@code maxBlockMs} for them.
     *
     * @throws SluiceClientException RECORD_TOO_LARGE if {@code bytes} exceeds the whole budget,
     *     RESOURCE_LIMIT_EXCEEDED if the wait ran out, ILLEGAL_STATE if the producer closed
     */
    void reserve(long bytes, long maxBlockMs) {
        if (bytes > totalBytes) {
            throw ClientErrors.recordTooLarge(
                    "a batch of " + bytes + " bytes exceeds bufferMemoryBytes (" + totalBytes + ")");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
        lock.lock();
        try {
            while (availableBytes < bytes) {
                if (closed) {
                    throw ClientErrors.closed("the producer");
                }
                long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0) {
                    throw ClientErrors.bufferExhausted("no buffer memory for " + bytes + " bytes within maxBlockMs ("
                            + maxBlockMs + " ms): " + (totalBytes - availableBytes) + " of " + totalBytes
                            + " bytes are held by unacknowledged batches");
                }
                try {
                    freed.awaitNanos(leftNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ClientErrors.illegalState("interrupted while waiting for producer buffer memory");
                }
            }
            if (closed) {
                throw ClientErrors.closed("the producer");
            }
            availableBytes -= bytes;
        } finally {
            lock.unlock();
        }
    }

    void release(long bytes) {
        lock.lock();
        try {
            availableBytes += bytes;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting sender, which then fails: the producer is closing. */
    void close() {
        lock.lock();
        try {
            closed = true;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long availableBytes() {
        lock.lock();
        try {
            return availableBytes;
        } finally {
            lock.unlock();
        }
    }

    long totalBytes() {
        return totalBytes;
    }
}
