package io.sluice.bench.driver;

/**
 * Where a driver's consumers report every message they receive. The runner's implementation counts
 * messages and bytes and records end-to-end latency from the send time stamped in the payload.
 *
 * <p>Implementations are thread-safe: consumers call from any thread, concurrently.
 */
public interface MessageSink {
    /**
     * Called once per received message, as soon as it is handed to the consumer (before any
     * acknowledgement the workload asks for).
     *
     * @param payload the message body; its first 8 bytes are the stamp written by {@link
     *     Payloads#stamp}. Not kept after the call returns.
     */
    void onMessage(byte[] payload);

    /** Called when a consumer fails outside {@link #onMessage} (acknowledge, commit, receive). */
    void onConsumerFailure(Throwable cause);
}
