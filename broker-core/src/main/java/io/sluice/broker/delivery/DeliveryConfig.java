package io.sluice.broker.delivery;

/**
 * The broker-wide settings of delivery (keys in {@code docs/configuration.md}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param threads threads of the delivery pool running subscriptions
 * @param windowMessages most unacknowledged records a cursor holds in its window, per partition
 * @param windowBytes most bytes of records a cursor's window stands for, per partition
 * @param readBytes bytes a cursor reads from the log at a time
 * @param snapshotIntervalMs how often changed cursors are snapshotted to the metadata store
 * @param drainWaitMs how long a drain waits for records appended before it to become readable
 * @param autoCreateDestinations whether destinations are created on first use
 * @param cursorLogSegmentBytes segment size of the cursor log
 */
public record DeliveryConfig(
        int threads,
        int windowMessages,
        long windowBytes,
        int readBytes,
        long snapshotIntervalMs,
        long drainWaitMs,
        boolean autoCreateDestinations,
        int cursorLogSegmentBytes) {}
