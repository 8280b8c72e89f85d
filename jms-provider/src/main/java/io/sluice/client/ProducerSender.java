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
 * RecordAccumulator} when they are full, have lingered long enough or a flush asks for them; has
 * them numbered by {@link SequenceRecovery}; packs them into PRODUCE requests, one batch per
 * partition per request and one durability per request, with at most {@code maxInFlightRequests}
 * requests unanswered; hands each answer to {@link SequenceRecovery}; completes batches in send order
 * per partition; takes a new producer identity when asked to; and fails batches past their delivery
 * timeout and, when the producer is fenced or the client gives up, everything.
 *
 * <p>Not thread-safe: confined to the connection's event loop, except {@link #wakeup()}, {@link
 * #fatal()}, {@link #identity()}, {@link #beginClose()} and {@link #abort}.
 */
final class ProducerSender implements ConnectionObserver {
    private static final Logger log = LoggerFactory.getLogger(ProducerSender.class);
    /** Bytes of a produce request besides its batches, per topic and per partition (generous). */
    private static final int REQUEST_OVERHEAD_BYTES = 64;

    private final ClientConnection connection;
    private final EventLoop eventLoop;
    private final RecordAccumulator accumulator;
    private final ProducerConfig config;
    private final Partitioner partitioner;
    private final Executor callbacks;
    private final int requestTimeoutMs;
    private final LongSupplier nanoClock;
    /** Set by any thread to request one run of the sender. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();

    private final SequenceRecovery recovery;

    // Confined to the event loop.
    private int inFlightRequests;
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
        this.partitioner = partitioner;
        this.callbacks = callbacks;
        this.requestTimeoutMs = requestTimeoutMs;
        this.recovery = new SequenceRecovery(config, identity, nanoClock, metadata::invalidate, this::fence);
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
        return recovery.identity();
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
        // The broker recognises a re-send only among a partition's last five batches. Answers may
        // come back out of order (a DURABLE batch waits for fsync, a later APPENDED one does not), so
        // the bound is on the span from the oldest unacknowledged batch, not on the batches in flight.
        int ahead = first != null ? pb.firstQueuedIndex() : pb.unacked.size();
        if (config.idempotence() && ahead >= ProducerConfig.MAX_IDEMPOTENT_IN_FLIGHT) {
            return null;
        }
        if (first == null && !recovery.isResetRequested()) {
            boolean lingered = now - pb.openCreatedNanos() >= TimeUnit.MILLISECONDS.toNanos(config.lingerMs());
            for (ProducerBatch batch : pb.drain(lingered || closing || accumulator.isFlushing())) {
                take(pb, batch);
            }
            first = pb.firstQueued();
        }
        if (first == null || (recovery.isResetRequested() && !first.outcomeUnknown)) {
            return null;
        }
        return first;
    }

    /** Moves a closed batch from the accumulator into the send order and numbers it. */
    private void take(PartitionBatches pb, ProducerBatch batch) {
        recovery.take(pb, batch);
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
                recovery.onRequestFailed(pb, b, ClientErrors.unwrap(error));
            } else {
                ProduceResponse.PartitionResult result = resultFor(response, b.topicPartition);
                if (result == null) {
                    recovery.fail(
                            pb, b, ClientErrors.corrupt("the PRODUCE answer lacks " + b.topicPartition, null), false);
                } else {
                    recovery.onResult(pb, b, result);
                }
            }
        }
        for (PartitionBatches pb : touched) {
            recovery.finishRecoveryIfDone(pb);
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

    /**
     * Hands completed batches at the head of the send order to the callback executor. Their memory
     * goes back at once; a batch stays among the accumulator's incomplete batches until its futures
     * have completed, so that {@code flush()} returns only after every future it waited for is done.
     */
    private void completeInOrder(PartitionBatches pb) {
        ProducerBatch head;
        while ((head = pb.unacked.peekFirst()) != null && head.isResolved()) {
            pb.unacked.pollFirst();
            accumulator.releaseMemory(head);
            ProducerBatch done = head;
            callbacks.execute(() -> {
                try {
                    done.completeFutures();
                } finally {
                    accumulator.completed(done);
                }
            });
        }
    }

    private PartitionBatches partition(ProducerBatch b) {
        return accumulator.partition(b.topicPartition);
    }

    // ---- identity reset ----

    private void maybeStartReset() {
        if (!recovery.isResetRequested()
                || resetInProgress
                || inFlightRequests > 0
                || !connection.isReady()
                || !recovery.canReset(accumulator.partitions())) {
            return;
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
            recovery.adopt(new ProducerIdentity(answer.producerId(), answer.producerEpoch()), accumulator.partitions());
            run();
        });
    }

    // ---- failure, expiry, timers ----

    private void fence(SluiceClientException cause) {
        if (fatal == null) {
            log.error("producer {} is fenced: {}", recovery.identity(), cause.getMessage());
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
                    recovery.fail(pb, b, recovery.expired(b, null), !b.outcomeUnknown);
                    expiredAny = true;
                }
            }
            if (expiredAny) {
                recovery.finishRecoveryIfDone(pb);
                completeInOrder(pb);
            }
        }
    }

    /**
     * Wakes the sender for the next deadline it cannot learn about from an answer: a lingering batch
     * that could be sent, a retry backoff, or a delivery timeout of a batch not on the wire.
     */
    private void scheduleTimer(long now) {
        long next = Long.MAX_VALUE;
        long lingerNanos = TimeUnit.MILLISECONDS.toNanos(config.lingerMs());
        long deliveryNanos = TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs());
        boolean canSend =
                connection.isReady() && inFlightRequests < config.maxInFlightRequests() && !recovery.isResetRequested();
        for (PartitionBatches pb : accumulator.partitions()) {
            ProducerBatch queued = pb.firstQueued();
            long open = pb.openCreatedNanos();
            boolean windowOpen = !config.idempotence() || pb.unacked.size() < ProducerConfig.MAX_IDEMPOTENT_IN_FLIGHT;
            if (canSend && open != Long.MAX_VALUE && queued == null && !pb.recovering && windowOpen) {
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
