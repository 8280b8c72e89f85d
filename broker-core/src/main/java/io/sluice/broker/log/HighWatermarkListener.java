package io.sluice.broker.log;

/**
 * Told when a partition's high watermark (its durable, readable end) moves forward; the server
 * uses it to push deliveries or answer long-polling fetches.
 *
 * <p>Called on the log manager's notifier thread, never on the flusher or the appending thread.
 * Updates are coalesced: a listener may skip intermediate values but always sees the latest one
 * eventually. Implementations must be quick and must not block (hand real work to another
 * executor); an exception is logged and otherwise ignored.
 */
@FunctionalInterface
public interface HighWatermarkListener {
    void onHighWatermark(TopicPartition partition, long highWatermark);
}
