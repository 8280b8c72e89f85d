package io.sluice.bench.driver;

/**
 * One producer of a workload, created by {@link WorkloadClients#createProducer}.
 *
 * <p>Not thread-safe: each producer is driven by one runner thread.
 */
public interface BenchProducer extends AutoCloseable {
    /**
     * Sends one message. With a synchronous workload the call returns after the acknowledgement
     * and the callback has been called; with an asynchronous one it may return before. The driver
     * copies {@code body} before returning (the runner reuses it) and calls the callback exactly
     * once, also when {@code send} itself throws.
     */
    void send(byte[] body, SendCallback callback);

    /**
     * Completes work the producer batches on its own - commits an open transaction - so that every
     * send made so far gets its callback. Called by the runner thread when a phase ends.
     */
    void flush();

    /** Releases the producer's resources; sends not yet flushed may fail. */
    @Override
    void close() throws Exception;
}
