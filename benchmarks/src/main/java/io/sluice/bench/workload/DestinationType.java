package io.sluice.bench.workload;

/**
 * Point-to-point queue (consumers compete) or publish/subscribe topic (every subscription sees
 * every message). For the log API a topic's subscriptions are consumer groups.
 *
 * <p>Immutable; thread-safe.
 */
public enum DestinationType {
    QUEUE,
    TOPIC
}
