package io.sluice.bench.driver;

/**
 * Reads a broker process's resource use: CPU time consumed so far and live heap after a full
 * collection.
 *
 * <p>Implementations are thread-safe.
 */
public interface BrokerProbe extends AutoCloseable {
    /** CPU time the broker process has used since it started, all threads, in nanoseconds. */
    long cpuTimeNanos() throws Exception;

    /** Triggers a full GC in the broker and returns the heap still in use afterwards, in bytes. */
    long liveHeapAfterGcBytes() throws Exception;

    @Override
    void close();
}
