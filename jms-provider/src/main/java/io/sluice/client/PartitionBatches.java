package io.sluice.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A producer's batches for one partition, in send order. Two parts with two owners:
 *
 * <ul>
 *   <li>the <em>accumulator</em> part (the open batch being filled and closed batches not yet taken
 *       by the sender) is written by application threads and read by the event loop, guarded by
 *       this object's monitor;
 *   <li>the <em>sender</em> part (batches taken for sending, numbered, not yet completed, and the
 *       sequence and recovery bookkeeping) is confined to the connection's event loop.
 * </ul>
 *
 * <p>Recovery: when a batch must be re-sent (lost connection, retriable error, or a sequence error
 * caused by an earlier batch), the partition stops sending until every batch it has on the wire has
 * been answered, then re-sends its unacknowledged batches in order. Batches sent before the
 * recovery began carry an older {@link #round}, which tells their late sequence errors apart from
 * real ones.
 */
final class PartitionBatches {
    final TopicPartition topicPartition;

    // Guarded by this.
    private ProducerBatch open;
    private final ArrayDeque<ProducerBatch> closed = new ArrayDeque<>();

    // Confined to the event loop.
    final ArrayDeque<ProducerBatch> unacked = new ArrayDeque<>();
    long nextOrdinal;
    int nextSequence;
    int round;
    boolean recovering;
    int inFlight;
    long retryAfterNanos;
    /** Ordinal of the earliest batch that failed for good since the last renumbering, or -1. */
    long gapOrdinal = -1;
    /** Its sequence number: where renumbering starts. */
    int gapSequence;

    PartitionBatches(TopicPartition topicPartition) {
        this.topicPartition = topicPartition;
    }

    // ---- accumulator part, guarded by this ----

    /** The open batch, or null. Caller holds the monitor. */
    ProducerBatch open() {
        return open;
    }

    /** Starts a new open batch, closing the current one first. Caller holds the monitor. */
    void startBatch(ProducerBatch batch) {
        closeOpen();
        open = batch;
    }

    /** Closes the open batch, if any. Caller holds the monitor. */
    boolean closeOpen() {
        if (open == null) {
            return false;
        }
        open.close();
        closed.add(open);
        open = null;
        return true;
    }

    /** Takes the closed batches, and the open one too if {@code includeOpen}. */
    synchronized List<ProducerBatch> drain(boolean includeOpen) {
        if (includeOpen) {
            closeOpen();
        }
        List<ProducerBatch> taken = new ArrayList<>(closed);
        closed.clear();
        return taken;
    }

    synchronized boolean hasClosed() {
        return !closed.isEmpty();
    }

    /** Creation time of the open batch, or {@link Long#MAX_VALUE} if there is none. */
    synchronized long openCreatedNanos() {
        return open == null ? Long.MAX_VALUE : open.createdNanos;
    }

    /** Creation time of the oldest batch not yet taken by the sender, or {@link Long#MAX_VALUE}. */
    synchronized long oldestAccumulatedNanos() {
        ProducerBatch first = closed.peekFirst();
        if (first != null) {
            return first.createdNanos;
        }
        return open == null ? Long.MAX_VALUE : open.createdNanos;
    }

    // ---- sender part, event loop ----

    /** The first batch waiting to be (re-)sent, or null. */
    ProducerBatch firstQueued() {
        for (ProducerBatch b : unacked) {
            if (b.state == ProducerBatch.State.QUEUED) {
                return b;
            }
        }
        return null;
    }

    /**
     * How many batches precede the first queued one in the send order (all unacknowledged: on the
     * wire, or answered but waiting for an older batch), or -1 if none is queued.
     */
    int firstQueuedIndex() {
        int i = 0;
        for (ProducerBatch b : unacked) {
            if (b.state == ProducerBatch.State.QUEUED) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** Whether {@code batch} is the oldest batch of the partition still awaiting an outcome. */
    boolean isFirstUnresolved(ProducerBatch batch) {
        for (ProducerBatch b : unacked) {
            if (!b.isResolved()) {
                return b == batch;
            }
        }
        return false;
    }

    /** Adds a batch taken from the accumulator at the end of the send order. */
    void enqueue(ProducerBatch batch) {
        batch.ordinal = nextOrdinal++;
        batch.state = ProducerBatch.State.QUEUED;
        unacked.add(batch);
    }

    @Override
    public String toString() {
        return "PartitionBatches(" + topicPartition + ", unacked " + unacked.size() + ", inFlight " + inFlight
                + ", round " + round + (recovering ? ", recovering" : "") + ")";
    }
}
