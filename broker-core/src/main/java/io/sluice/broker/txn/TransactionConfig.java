package io.sluice.broker.txn;

/**
 * The settings of local transactions (see {@code docs/configuration.md}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param maxBytes most bytes of record batches one transaction may send
 * @param maxMessages most records sent plus deliveries acknowledged by one transaction
 * @param logSegmentBytes segment size of the transaction journal
 * @param outcomeRetentionMs how long the outcome of a committed transaction is remembered for
 *     resends
 * @param cleanIntervalMs how often journal segments no longer needed are looked for
 */
public record TransactionConfig(
        int maxBytes, int maxMessages, int logSegmentBytes, long outcomeRetentionMs, long cleanIntervalMs) {

    public TransactionConfig {
        if (maxBytes < 1
                || maxMessages < 1
                || logSegmentBytes < 1024
                || outcomeRetentionMs < 1
                || cleanIntervalMs < 1) {
            throw new IllegalArgumentException("invalid transaction settings: " + maxBytes + ", " + maxMessages + ", "
                    + logSegmentBytes + ", " + outcomeRetentionMs + ", " + cleanIntervalMs);
        }
    }
}
