package io.sluice.bench.workload;

/**
 * How a producer sends: {@code SYNC} waits for the broker's acknowledgement of every message before
 * sending the next; {@code ASYNC} keeps up to {@code maxOutstandingSends} unacknowledged messages
 * in flight (JMS {@code CompletionListener}, Kafka's send callback).
 *
 * <p>Immutable; thread-safe.
 */
public enum SendMode {
    SYNC,
    ASYNC
}
