package io.sluice.bench.workload;

/**
 * JMS delivery mode of every message a workload sends. The log API has only one mode, whatever
 * durability its driver's broker gives; it must be {@code PERSISTENT} there.
 *
 * <p>Immutable; thread-safe.
 */
public enum DeliveryMode {
    PERSISTENT,
    NON_PERSISTENT
}
