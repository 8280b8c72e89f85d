package io.sluice.bench.workload;

/**
 * Which client API a workload speaks: Jakarta Messaging, or a raw partitioned log (Kafka-style
 * produce and fetch).
 *
 * <p>Immutable; thread-safe.
 */
public enum Api {
    JMS,
    LOG
}
