package io.sluice.client;

import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.error.ErrorCode;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent producer's sequence bookkeeping: numbers batches when they are first sent, and
 * decides what each answer means for a batch and its partition (see {@code docs/client.md}):
 *
 * <ul>
 *   <li>success: the batch is acknowledged;
 *   <li>a lost connection, a timeout or a retriable error: the batch is re-sent, after every batch
 *       its partition still has on the wire has been answered, in order;
 *   <li>OUT_OF_ORDER_SEQUENCE on a batch sent behind one that failed: re-sent likewise;
 *   <li>a refusal (the broker certainly did not append the batch): the batch fails alone, and the
 *       later batches of its partition are renumbered to close the gap before they are re-sent;
 *   <li>OUT_OF_ORDER_SEQUENCE on the oldest unresolved batch, UNKNOWN_PRODUCER_ID, or a failure
 *       whose outcome is unknown: the broker's state and the client's differ, so the producer takes a
 *       new identity once every outcome is known, and renumbers every unacknowledged batch from 0;
 *   <li>PRODUCER_FENCED: fatal.
 * </ul>
 *
 * <p>Not thread-safe; confined to the connection's event loop, except {@link #identity()}.
 */
final class SequenceRecovery {
    private static final Logger log = LoggerFactory.getLogger(SequenceRecovery.class);

    private final ProducerConfig config;
    private final LongSupplier nanoClock;
    private final Consumer<String> onUnknownTopic;
    private final Consumer<SluiceClientException> onFenced;
    /** Volatile: replaced on the event loop, read by application threads. */
    private volatile ProducerIdentity identity;

    private boolean resetRequested;

    SequenceRecovery(
            ProducerConfig config,
            ProducerIdentity identity,
            LongSupplier nanoClock,
            Consumer<String> onUnknownTopic,
            Consumer<SluiceClientException> onFenced) {
        this.config = config;
        this.identity = identity;
        this.nanoClock = nanoClock;
        this.onUnknownTopic = onUnknownTopic;
        this.onFenced = onFenced;
    }

    ProducerIdentity identity() {
        return identity;
    }

    /** Whether the producer waits to take a new identity (only unknown outcomes are re-sent meanwhile). */
    boolean isResetRequested() {
        return resetRequested;
    }

    /** Moves a batch from the accumulator to the end of its partition's send order and numbers it. */
    void take(PartitionBatches pb, ProducerBatch batch) {
        pb.enqueue(batch);
        if (config.idempotence()) {
            batch.stamp(identity.producerId(), identity.epoch(), pb.nextSequence);
            pb.nextSequence = Sequences.add(pb.nextSequence, batch.recordCount());
        }
    }

    /** The whole request failed: no answer, or an error for the request as a whole. */
    void onRequestFailed(PartitionBatches pb, ProducerBatch b, SluiceClientException e) {
        if (e.error() == ErrorCode.PRODUCER_FENCED) {
            onFenced.accept(e);
        } else if (e.isRetriable()) {
            retry(pb, b, e, e.error() != ErrorCode.CONNECTION_LOST && e.error() != ErrorCode.REQUEST_TIMED_OUT);
        } else {
            fail(pb, b, e, !mayHaveBeenAppended(e.error()));
        }
    }

    /** The broker answered for the batch's partition. */
    void onResult(PartitionBatches pb, ProducerBatch b, ProduceResponse.PartitionResult result) {
        ErrorCode error = result.error();
        if (error == ErrorCode.NONE) {
            b.succeed(result.baseOffset());
            return;
        }
        SluiceClientException e =
                ClientErrors.fromBroker("PRODUCE to " + b.topicPartition, error, result.errorMessage());
        switch (error) {
            case OUT_OF_ORDER_SEQUENCE -> {
                b.outcomeUnknown = false;
                if (b.sentRound != pb.round || !pb.isFirstUnresolved(b)) {
                    retry(pb, b, e, false);
                } else {
                    requestReset(pb, b, e);
                }
            }
            case UNKNOWN_PRODUCER_ID -> {
                b.outcomeUnknown = false;
                requestReset(pb, b, e);
            }
            case PRODUCER_FENCED -> onFenced.accept(e);
            case UNKNOWN_TOPIC, UNKNOWN_PARTITION -> {
                onUnknownTopic.accept(b.topicPartition.topic());
                fail(pb, b, e, true);
            }
            default -> {
                if (error.isRetriable()) {
                    retry(pb, b, e, true);
                } else {
                    fail(pb, b, e, !mayHaveBeenAppended(error));
                }
            }
        }
    }

    /** Errors after which the broker may nevertheless hold the batch. */
    private static boolean mayHaveBeenAppended(ErrorCode error) {
        return error.isRetriable() || error == ErrorCode.UNKNOWN_SERVER_ERROR;
    }

    /** Queues {@code b} to be sent again, unless it is past its delivery timeout. */
    private void retry(PartitionBatches pb, ProducerBatch b, SluiceClientException cause, boolean backoff) {
        long now = nanoClock.getAsLong();
        if (now - b.createdNanos > TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs())) {
            fail(pb, b, expired(b, cause), !b.outcomeUnknown);
            return;
        }
        log.debug("re-sending {} after: {}", b, cause.getMessage());
        b.state = ProducerBatch.State.QUEUED;
        enterRecovery(pb, b);
        if (backoff) {
            pb.retryAfterNanos = now + TimeUnit.MILLISECONDS.toNanos(config.retryBackoffMs());
        }
    }

    private static void enterRecovery(PartitionBatches pb, ProducerBatch b) {
        if (b.attempts > 0 && b.sentRound == pb.round) {
            pb.round++;
        }
        pb.recovering = true;
    }

    /**
     * Fails {@code b} for good. If the broker certainly did not append it, later batches are
     * renumbered to close the gap; if it may have, the producer takes a new identity instead, so that
     * no later batch can be mistaken for it.
     */
    void fail(PartitionBatches pb, ProducerBatch b, SluiceClientException cause, boolean notAppended) {
        b.fail(cause);
        b.outcomeUnknown = !notAppended;
        if (config.idempotence() && b.baseSequence >= 0) {
            if (!notAppended) {
                requestReset(pb, null, cause);
            } else if (pb.gapOrdinal < 0 || b.ordinal < pb.gapOrdinal) {
                pb.gapOrdinal = b.ordinal;
                pb.gapSequence = b.baseSequence;
            }
        }
        enterRecovery(pb, b);
    }

    /** Once a recovering partition has nothing on the wire, it closes its gap and may send again. */
    void finishRecoveryIfDone(PartitionBatches pb) {
        if (!pb.recovering || pb.inFlight > 0) {
            return;
        }
        pb.recovering = false;
        if (pb.gapOrdinal < 0) {
            return;
        }
        int sequence = pb.gapSequence;
        for (ProducerBatch b : pb.unacked) {
            if (b.ordinal <= pb.gapOrdinal || b.state == ProducerBatch.State.FAILED) {
                continue;
            }
            if (b.state != ProducerBatch.State.QUEUED) {
                log.error("{} is {} behind a refused batch; taking a new producer identity", b, b.state);
                requestReset(
                        pb, null, ClientErrors.illegalState("inconsistent sequence state on " + pb.topicPartition));
                break;
            }
            b.stamp(identity.producerId(), identity.epoch(), sequence);
            sequence = Sequences.add(sequence, b.recordCount());
        }
        pb.nextSequence = sequence;
        pb.gapOrdinal = -1;
    }

    /** A batch that timed out: the message says whether the broker may hold it. */
    SluiceClientException expired(ProducerBatch b, SluiceClientException last) {
        String outcome = b.outcomeUnknown
                ? "; it was sent but its outcome is unknown: the broker may or may not hold it"
                : "; the broker does not hold it";
        return ClientErrors.timeout(
                "a batch of " + b.recordCount() + " records to " + b.topicPartition + outcome
                        + (last == null ? "" : "; last error: " + last.getMessage())
                        + "; deliveryTimeoutMs",
                config.deliveryTimeoutMs());
    }

    // ---- identity reset ----

    private void requestReset(PartitionBatches pb, ProducerBatch b, SluiceClientException cause) {
        if (b != null) {
            b.state = ProducerBatch.State.QUEUED;
            enterRecovery(pb, b);
        }
        if (!resetRequested) {
            log.warn(
                    "producer {} takes a new identity: {} (batches not yet acknowledged will be re-sent under it)",
                    identity,
                    cause.getMessage());
            resetRequested = true;
        }
    }

    /**
     * Whether a new identity may be taken now: nothing on the wire and no batch whose outcome is
     * unknown (those are re-sent under the old identity first, or they could be stored twice).
     */
    boolean canReset(Collection<PartitionBatches> partitions) {
        for (PartitionBatches pb : partitions) {
            resolveUnknowns(pb);
            ProducerBatch first = pb.firstQueued();
            if (pb.inFlight > 0 || (first != null && first.outcomeUnknown)) {
                return false;
            }
        }
        return true;
    }

    /** In a partition, every batch after one the broker refused cannot have been appended either. */
    private static void resolveUnknowns(PartitionBatches pb) {
        boolean refusedBefore = false;
        for (ProducerBatch b : pb.unacked) {
            boolean refused = (b.state == ProducerBatch.State.QUEUED || b.state == ProducerBatch.State.FAILED)
                    && !b.outcomeUnknown;
            if (refusedBefore && b.state == ProducerBatch.State.QUEUED) {
                b.outcomeUnknown = false;
            }
            refusedBefore |= refused;
        }
    }

    /** Continues under {@code fresh}: every unacknowledged batch is renumbered from 0 per partition. */
    void adopt(ProducerIdentity fresh, Collection<PartitionBatches> partitions) {
        log.info("producer {} continues as {}", identity, fresh);
        identity = fresh;
        for (PartitionBatches pb : partitions) {
            int sequence = 0;
            for (ProducerBatch b : pb.unacked) {
                if (b.state == ProducerBatch.State.QUEUED) {
                    b.stamp(fresh.producerId(), fresh.epoch(), sequence);
                    sequence = Sequences.add(sequence, b.recordCount());
                }
            }
            pb.nextSequence = sequence;
            pb.gapOrdinal = -1;
            pb.recovering = false;
            pb.round++;
        }
        resetRequested = false;
    }
}
