package io.sluice.client;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's network side, on the connection's event loop: takes batches from the {@link
 * RecordAccumulator} when they are full, have lingered long enough or a flush asks for them; numbers
 * them (idempotence); packs them into PRODUCE requests, one batch per partition per request and one
 * durability per request, with at most {@code maxInFlightRequests} requests unanswered; and applies
 * the answers: completion in send order per partition, re-sends in order after a lost connection or
 * a retriable error, and the sequence rules of {@code docs/client.md}:
 *
 * <ul>
 *   <li>a batch that failed for good (the broker refused it) leaves a gap: the later batches of its
 *       partition are renumbered to close it before they are re-sent;
 *   <li>OUT_OF_ORDER_SEQUENCE on a batch behind one that is being re-sent is expected and retried;
 *       on the oldest unresolved batch, and UNKNOWN_PRODUCER_ID, mean the broker's producer state
 *       differs from the client's: the producer takes a new identity (INIT_PRODUCER_ID) once every
 *       batch whose outcome is unknown has been resolved, and renumbers from 0;
 *   <li>PRODUCER_FENCED fails every batch and every later send.
 * </ul>
 *
 * <p>Not thread-safe: confined to the connection's event loop, except {@link #wakeup()} and {@link
 * #fatal()}.
 */
final class ProducerSender implements ConnectionObserver {
    private static final Logger log = LoggerFactory.getLogger(ProducerSender.class);
    /** Bytes of a produce request besides its batches, per topic and per partition (generous). */
    private static final int REQUEST_OVERHEAD_BYTES = 64;

    private final ClientConnection connection;
    private final EventLoop eventLoop;
    private final RecordAccumulator accumulator;
    private final ProducerConfig config;
    private final MetadataCache metadata;
    private final Partitioner partitioner;
    private final Executor callbacks;
    private final int requestTimeoutMs;
    private final LongSupplier nanoClock;
    /** Set by any thread to request one run of the sender. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();

    /** Volatile: written on the event loop, read by application threads for diagnostics. */
    private volatile ProducerIdentity identity;

    // Confined to the event loop.
    private int inFlightRequests;
    private boolean resetRequested;
    private boolean resetInProgress;
    private ScheduledFuture<?> timer;
    private long timerDeadlineNanos = Long.MAX_VALUE;
    private boolean closing;

    /** Volatile: read by application threads to fail sends once the producer is unusable. */
    private volatile SluiceClientException fatal;

    ProducerSender(
            ClientConnection connection,
            RecordAccumulator accumulator,
            ProducerConfig config,
            MetadataCache metadata,
            Partitioner partitioner,
            Executor callbacks,
            int requestTimeoutMs,
            ProducerIdentity identity,
            LongSupplier nanoClock) {
        this.connection = connection;
        this.eventLoop = connection.eventLoop();
        this.accumulator = accumulator;
        this.config = config;
        this.metadata = metadata;
        this.partitioner = partitioner;
        this.callbacks = callbacks;
        this.requestTimeoutMs = requestTimeoutMs;
        this.identity = identity;
        this.nanoClock = nanoClock;
    }

    /** Asks for a run soon; cheap when one is already pending. Any thread. */
    void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            execute(this::run);
        }
    }

    /** Why the producer can no longer send, or null. Any thread. */
    SluiceClientException fatal() {
        return fatal;
    }

    /** The producer is closing: open batches go out without lingering. Any thread. */
    void beginClose() {
        execute(() -> {
            closing = true;
            run();
        });
    }

    /** Fails every batch not yet completed with {@code cause}. Any thread. */
    void abort(SluiceClientException cause) {
        execute(() -> failEverything(cause));
    }

    private void execute(Runnable task) {
        try {
            eventLoop.execute(task);
        } catch (RejectedExecutionException e) {
            // The client closed and its loop is gone; closing the client already failed every batch.
        }
    }

    ProducerIdentity identity() {
        return identity;
    }

    // ---- connection events ----

    @Override
    public void onReady(ConnectionInfo info) {
        run();
    }

    @Override
    public void onTerminated(SluiceClientException cause) {
        failEverything(cause);
    }

    // ---- the send loop ----

    void run() {
        wakeupPending.set(false);
        if (fatal != null) {
            failEverything(fatal);
            return;
        }
        long now = nanoClock.getAsLong();
        expire(now);
        if (connection.isReady() && !resetInProgress) {
            sendReady(now);
        }
        maybeStartReset();
        scheduleTimer(now);
    }

    private void sendReady(long now) {
        int maxFrameBytes = connection.info().maxFrameBytes();
        while (inFlightRequests < config.maxInFlightRequests()) {
            Durability durability = null;
            List<ProducerBatch> picked = new ArrayList<>();
            long bytes = REQUEST_OVERHEAD_BYTES;
            for (PartitionBatches pb : accumulator.partitions()) {
                ProducerBatch batch = nextSendable(pb, now);
                if (batch == null || (durability != null && batch.durability != durability)) {
                    continue;
                }
                long size = batch.sizeInBytes()
                        + REQUEST_OVERHEAD_BYTES
                        + 3L * pb.topicPartition.topic().length();
                if (!picked.isEmpty() && bytes + size > maxFrameBytes) {
                    continue;
                }
                durability = batch.durability;
                picked.add(batch);
                bytes += size;
            }
            if (picked.isEmpty()) {
                return;
            }
            send(durability, picked);
        }
    }

    /** The batch {@code pb} may send now, taking batches from the accumulator if it has none queued. */
    private ProducerBatch nextSendable(PartitionBatches pb, long now) {
        if (pb.recovering || now < pb.retryAfterNanos) {
            return null;
        }
        ProducerBatch first = pb.firstQueued();
        if (first == null && !resetRequested) {
            boolean lingered = now - pb.openCreatedNanos() >= TimeUnit.MILLISECONDS.toNanos(config.lingerMs());
            for (ProducerBatch batch : pb.drain(lingered || closing || accumulator.isFlushing())) {
                take(pb, batch);
            }
            first = pb.firstQueued();
        }
        if (first == null || (resetRequested && !first.outcomeUnknown)) {
            return null;
        }
        return first;
    }

    /** Moves a closed batch from the accumulator into the send order and numbers it. */
    private void take(PartitionBatches pb, ProducerBatch batch) {
        pb.enqueue(batch);
        if (config.idempotence()) {
            batch.stamp(identity.producerId(), identity.epoch(), pb.nextSequence);
            pb.nextSequence = Sequences.add(pb.nextSequence, batch.recordCount());
        }
        partitioner.onBatchClosed(pb.topicPartition.topic(), pb.topicPartition.partition());
    }

    private void send(Durability durability, List<ProducerBatch> batches) {
        Map<String, List<ProduceRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        for (ProducerBatch b : batches) {
            PartitionBatches pb = partition(b);
            b.state = ProducerBatch.State.IN_FLIGHT;
            b.attempts++;
            b.sentRound = pb.round;
            b.outcomeUnknown = true;
            pb.inFlight++;
            byTopic.computeIfAbsent(b.topicPartition.topic(), t -> new ArrayList<>())
                    .add(new ProduceRequest.PartitionData(b.topicPartition.partition(), b.buffer()));
        }
        List<ProduceRequest.TopicData> topics = new ArrayList<>();
        byTopic.forEach((topic, data) -> topics.add(new ProduceRequest.TopicData(topic, data)));
        inFlightRequests++;
        connection
                .send(
                        ApiKey.PRODUCE,
                        new ProduceRequest(durability, requestTimeoutMs, topics),
                        ProduceResponse::read,
                        requestTimeoutMs + 1_000L)
                .whenComplete((response, error) -> onAnswer(batches, response, error));
    }

    // ---- answers ----

    private void onAnswer(List<ProducerBatch> batches, ProduceResponse response, Throwable error) {
        inFlightRequests--;
        Set<PartitionBatches> touched = new LinkedHashSet<>();
        for (ProducerBatch b : batches) {
            PartitionBatches pb = partition(b);
            pb.inFlight--;
            touched.add(pb);
            if (b.state != ProducerBatch.State.IN_FLIGHT) {
                continue;
            }
            if (error != null) {
                onRequestFailed(pb, b, ClientErrors.unwrap(error));
            } else {
                ProduceResponse.PartitionResult result = resultFor(response, b.topicPartition);
                if (result == null) {
                    failBatch(pb, b, ClientErrors.corrupt("the PRODUCE answer lacks " + b.topicPartition, null), false);
                } else {
                    onResult(pb, b, result);
                }
            }
        }
        for (PartitionBatches pb : touched) {
            finishRecoveryIfDone(pb);
            completeInOrder(pb);
        }
        run();
    }

    private static ProduceResponse.PartitionResult resultFor(ProduceResponse response, TopicPartition tp) {
        for (ProduceResponse.TopicResult t : response.topics()) {
            if (t.topic().equals(tp.topic())) {
                for (ProduceResponse.PartitionResult p : t.partitions()) {
                    if (p.partition() == tp.partition()) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /** The whole request failed: no answer, or an error for the request as a whole. */
    private void onRequestFailed(PartitionBatches pb, ProducerBatch b, SluiceClientException e) {
        if (e.error() == ErrorCode.PRODUCER_FENCED) {
            fence(e);
        } else if (e.isRetriable()) {
            retry(pb, b, e, e.error() != ErrorCode.CONNECTION_LOST && e.error() != ErrorCode.REQUEST_TIMED_OUT);
        } else {
            failBatch(pb, b, e, !mayHaveBeenAppended(e.error()));
        }
    }

    private void onResult(PartitionBatches pb, ProducerBatch b, ProduceResponse.PartitionResult result) {
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
            case PRODUCER_FENCED -> fence(e);
            case UNKNOWN_TOPIC, UNKNOWN_PARTITION -> {
                metadata.invalidate(b.topicPartition.topic());
                failBatch(pb, b, e, true);
            }
            default -> {
                if (error.isRetriable()) {
                    retry(pb, b, e, true);
                } else {
                    failBatch(pb, b, e, !mayHaveBeenAppended(error));
                }
            }
        }
    }

    /** Errors after which the broker may nevertheless hold the batch. */
    private static boolean mayHaveBeenAppended(ErrorCode error) {
        return error.isRetriable() || error == ErrorCode.UNKNOWN_SERVER_ERROR || error == ErrorCode.CONNECTION_LOST;
    }

    /** Queues {@code b} to be sent again, unless it is past its delivery timeout. */
    private void retry(PartitionBatches pb, ProducerBatch b, SluiceClientException cause, boolean backoff) {
        long now = nanoClock.getAsLong();
        if (now - b.createdNanos > TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs())) {
            failBatch(pb, b, expired(b, cause), !b.outcomeUnknown);
            return;
        }
        log.debug("re-sending {} after: {}", b, cause.getMessage());
        b.state = ProducerBatch.State.QUEUED;
        enterRecovery(pb, b);
        if (backoff) {
            pb.retryAfterNanos = now + TimeUnit.MILLISECONDS.toNanos(config.retryBackoffMs());
        }
    }

    private void enterRecovery(PartitionBatches pb, ProducerBatch b) {
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
    private void failBatch(PartitionBatches pb, ProducerBatch b, SluiceClientException cause, boolean notAppended) {
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

    private void finishRecoveryIfDone(PartitionBatches pb) {
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

    /** Hands completed batches at the head of the send order to the callback executor. */
    private void completeInOrder(PartitionBatches pb) {
        ProducerBatch head;
        while ((head = pb.unacked.peekFirst()) != null && head.isResolved()) {
            pb.unacked.pollFirst();
            accumulator.deallocate(head);
            callbacks.execute(head::completeFutures);
        }
    }

    private PartitionBatches partition(ProducerBatch b) {
        return accumulator.partition(b.topicPartition);
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

    private void maybeStartReset() {
        if (!resetRequested || resetInProgress || inFlightRequests > 0 || !connection.isReady()) {
            return;
        }
        for (PartitionBatches pb : accumulator.partitions()) {
            resolveUnknowns(pb);
            ProducerBatch first = pb.firstQueued();
            if (pb.inFlight > 0 || (first != null && first.outcomeUnknown)) {
                return;
            }
        }
        resetInProgress = true;
        CompletableFuture<InitProducerIdResponse> init = connection.send(
                ApiKey.INIT_PRODUCER_ID,
                new InitProducerIdRequest(config.producerName()),
                InitProducerIdResponse::read,
                requestTimeoutMs);
        init.whenComplete((answer, error) -> {
            resetInProgress = false;
            if (error != null) {
                SluiceClientException e = ClientErrors.unwrap(error);
                if (e.error() == ErrorCode.PRODUCER_FENCED) {
                    fence(e);
                } else {
                    log.warn("INIT_PRODUCER_ID failed, will retry: {}", e.getMessage());
                    schedule(nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(config.retryBackoffMs()));
                }
                return;
            }
            adoptIdentity(new ProducerIdentity(answer.producerId(), answer.producerEpoch()));
            run();
        });
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

    private void adoptIdentity(ProducerIdentity fresh) {
        log.info("producer {} continues as {}", identity, fresh);
        identity = fresh;
        for (PartitionBatches pb : accumulator.partitions()) {
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

    // ---- failure, expiry, timers ----

    private void fence(SluiceClientException cause) {
        if (fatal == null) {
            log.error("producer {} is fenced: {}", identity, cause.getMessage());
            fatal = cause;
        }
        failEverything(fatal);
    }

    private void failEverything(SluiceClientException cause) {
        if (fatal == null) {
            fatal = cause;
        }
        accumulator.closeForAppends(cause);
        for (PartitionBatches pb : accumulator.partitions()) {
            for (ProducerBatch b : pb.drain(true)) {
                pb.enqueue(b);
            }
            for (ProducerBatch b : pb.unacked) {
                if (!b.isResolved()) {
                    b.fail(cause);
                }
            }
            completeInOrder(pb);
        }
    }

    /** Fails batches older than the delivery timeout that are not on the wire. */
    private void expire(long now) {
        long limitNanos = TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs());
        for (PartitionBatches pb : accumulator.partitions()) {
            if (now - pb.oldestAccumulatedNanos() > limitNanos) {
                for (ProducerBatch b : pb.drain(true)) {
                    take(pb, b);
                }
            }
            boolean expiredAny = false;
            for (ProducerBatch b : pb.unacked) {
                if (b.state == ProducerBatch.State.QUEUED && now - b.createdNanos > limitNanos) {
                    failBatch(pb, b, expired(b, null), !b.outcomeUnknown);
                    expiredAny = true;
                }
            }
            if (expiredAny) {
                finishRecoveryIfDone(pb);
                completeInOrder(pb);
            }
        }
    }

    private SluiceClientException expired(ProducerBatch b, SluiceClientException last) {
        String outcome = b.outcomeUnknown
                ? "; it was sent but its outcome is unknown: the broker may or may not hold it"
                : "; the broker does not hold it";
        return ClientErrors.timeout(
                "a batch of " + b.recordCount() + " records to " + b.topicPartition + outcome
                        + (last == null ? "" : "; last error: " + last.getMessage())
                        + "; deliveryTimeoutMs",
                config.deliveryTimeoutMs());
    }

    /**
     * Wakes the sender for the next deadline it cannot learn about from an answer: a lingering batch
     * that could be sent, a retry backoff, or a delivery timeout of a batch not on the wire.
     */
    private void scheduleTimer(long now) {
        long next = Long.MAX_VALUE;
        long lingerNanos = TimeUnit.MILLISECONDS.toNanos(config.lingerMs());
        long deliveryNanos = TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs());
        boolean canSend = connection.isReady() && inFlightRequests < config.maxInFlightRequests() && !resetRequested;
        for (PartitionBatches pb : accumulator.partitions()) {
            ProducerBatch queued = pb.firstQueued();
            long open = pb.openCreatedNanos();
            if (canSend && open != Long.MAX_VALUE && queued == null && !pb.recovering) {
                next = Math.min(next, open + lingerNanos);
            }
            long oldest = pb.oldestAccumulatedNanos();
            if (oldest != Long.MAX_VALUE) {
                next = Math.min(next, oldest + deliveryNanos);
            }
            if (queued != null) {
                next = Math.min(next, queued.createdNanos + deliveryNanos);
                if (pb.retryAfterNanos > now) {
                    next = Math.min(next, pb.retryAfterNanos);
                }
            }
        }
        if (next != Long.MAX_VALUE) {
            schedule(Math.max(next, now + TimeUnit.MILLISECONDS.toNanos(1)));
        }
    }

    private void schedule(long deadlineNanos) {
        if (timer != null && !timer.isDone() && timerDeadlineNanos <= deadlineNanos) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerDeadlineNanos = deadlineNanos;
        long delay = Math.max(0, deadlineNanos - nanoClock.getAsLong());
        timer = eventLoop.schedule(
                () -> {
                    timerDeadlineNanos = Long.MAX_VALUE;
                    run();
                },
                delay,
                TimeUnit.NANOSECONDS);
    }
}
