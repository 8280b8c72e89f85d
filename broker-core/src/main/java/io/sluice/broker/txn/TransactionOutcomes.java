package io.sluice.broker.txn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's memory of committed transactions: for each producer id, its latest committed
 * transaction (epoch and number). A client commits one transaction at a time per producer, so the
 * latest one is the only one a resend can concern; a resend of it is answered as a duplicate, an
 * older number is no longer known. Entries are forgotten once older than the retention.
 *
 * <p>Thread-safe: guarded by this object's lock.
 */
final class TransactionOutcomes {
    /** The latest committed transaction of a producer. */
    record Outcome(long producerId, short producerEpoch, long transactionNumber, long committedAtMs) {
        /** Whether this outcome is of a later transaction than {@code other} (same producer). */
        boolean isAfter(Outcome other) {
            return producerEpoch != other.producerEpoch
                    ? producerEpoch > other.producerEpoch
                    : transactionNumber > other.transactionNumber;
        }
    }

    private final Map<Long, Outcome> byProducer = new HashMap<>();

    /** Remembers a committed transaction unless a later one of its producer is known. */
    synchronized void record(Outcome outcome) {
        byProducer.merge(outcome.producerId(), outcome, (old, now) -> now.isAfter(old) ? now : old);
    }

    /** The latest committed transaction of {@code producerId}, or null. */
    synchronized Outcome latest(long producerId) {
        return byProducer.get(producerId);
    }

    /** Forgets outcomes committed before {@code beforeMs}. */
    synchronized void expire(long beforeMs) {
        byProducer.values().removeIf(o -> o.committedAtMs() < beforeMs);
    }

    synchronized List<Outcome> snapshot() {
        return new ArrayList<>(byProducer.values());
    }

    synchronized int size() {
        return byProducer.size();
    }
}
