package io.sluice.broker.producer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One producer's state in one partition: its epoch and its last {@value #MAX_CACHED_BATCHES}
 * batches, newest last.
 *
 * <p>Not thread-safe; confined to the partition's writer (see {@link ProducerStateManager}).
 */
final class ProducerStateEntry {
    /** Batches remembered per producer and partition; a client keeps at most this many in flight. */
    static final int MAX_CACHED_BATCHES = 5;

    private final long producerId;
    private short epoch;
    private final Deque<BatchMetadata> batches = new ArrayDeque<>(MAX_CACHED_BATCHES);

    ProducerStateEntry(long producerId, short epoch) {
        this.producerId = producerId;
        this.epoch = epoch;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** The newest batch, or null. */
    BatchMetadata last() {
        return batches.peekLast();
    }

    List<BatchMetadata> batches() {
        return new ArrayList<>(batches);
    }

    /** The cached batch with exactly this sequence range, or null. */
    BatchMetadata find(int firstSequence, int lastSequence) {
        for (BatchMetadata b : batches) {
            if (b.firstSequence() == firstSequence && b.lastSequence() == lastSequence) {
                return b;
            }
        }
        return null;
    }

    /** Records an appended batch; a new epoch forgets the batches of the old one. */
    void add(short batchEpoch, BatchMetadata batch) {
        if (batchEpoch != epoch) {
            batches.clear();
            epoch = batchEpoch;
        }
        if (batches.size() == MAX_CACHED_BATCHES) {
            batches.removeFirst();
        }
        batches.addLast(batch);
    }
}
