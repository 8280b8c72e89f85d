package io.sluice.bench.workload;

/**
 * How consumers acknowledge, named after the JMS session modes. {@code TRANSACTED} commits every
 * {@code transactionSize} messages, on producer and consumer sessions alike. The log API ignores
 * the mode: consumers commit offsets the driver's default way.
 *
 * <p>Immutable; thread-safe.
 */
public enum AckMode {
    AUTO,
    CLIENT,
    DUPS_OK,
    TRANSACTED
}
