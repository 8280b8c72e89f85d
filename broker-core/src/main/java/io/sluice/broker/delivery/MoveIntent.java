package io.sluice.broker.delivery;

import java.util.List;

/**
 * A move of messages from a subscription to another queue (dead-letter or expiry queue), written
 * to the cursor log before the copies are produced. The copies are one batch of an idempotent
 * producer of the broker's own ({@code producerId}, {@code producerEpoch}, {@code baseSequence}),
 * so after a crash the move is retried with the same identity and the target partition recognises
 * a copy that was already appended as a duplicate: nothing is lost and nothing is copied twice.
 *
 * <p>Immutable; thread-safe.
 *
 * @param moveId unique within the subscription
 * @param target the queue receiving the copies
 * @param targetPartition the partition of {@code target} the copies go to
 * @param entries the moved records, in the order of the copies in the batch
 */
record MoveIntent(
        long moveId,
        String target,
        int targetPartition,
        long producerId,
        short producerEpoch,
        int baseSequence,
        List<Entry> entries) {

    MoveIntent {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a move needs at least one entry");
        }
    }

    /** One moved record. */
    record Entry(int partition, long offset, MoveReason reason) {}
}
