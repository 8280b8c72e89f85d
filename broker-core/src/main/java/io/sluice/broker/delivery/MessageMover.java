package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.producer.ProducerIdentity;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicAlreadyExistsException;
import io.sluice.broker.topic.TopicConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records of a subscription to another queue: dead-lettering (REJECT, or too many
 * deliveries) and expiry queues. A move copies the records into the target queue and then
 * acknowledges them, without loss or duplicates across a crash:
 *
 * <ol>
 *   <li>the move is written to the cursor log as an intent (MOVE_BEGIN: the entries, the target
 *       partition and the copy batch's idempotent producer id, epoch and base sequence) and the
 *       broker waits until the intent is durable;
 *   <li>the copies are appended to the target partition as one batch of that producer, durably;
 *   <li>the originals are acknowledged and the move ends (MOVE_END), in the cursor log.
 * </ol>
 *
 * After a crash between 1 and 3 the recovered intent is retried with the same producer identity:
 * if the copy made it, the target partition's producer state recognises the batch as a duplicate
 * and answers with its original offsets; if not, it is appended now. Either way the originals are
 * then acknowledged exactly once. A failed append gives up the producer id (a later move uses a
 * fresh one), puts the records back and lets a later dispatch try again.
 *
 * <p>One move runs at a time per subscription; records waiting for it are in the MOVING state, so
 * nobody else gets them.
 *
 * <p>Not thread-safe; confined to its subscription's executor (asynchronous steps come back there).
 */
final class MessageMover {
    private static final Logger log = LoggerFactory.getLogger(MessageMover.class);
    private static final int MAX_ENTRIES_PER_MOVE = 256;
    private static final long APPEND_TIMEOUT_MS = 30_000;
    private static final long RETRY_DELAY_MS = 1_000;

    /**
     * A record waiting to be moved.
     *
     * @param ticket the operator request it belongs to, or null (dead letters, expiry)
     * @param held whether it is beyond the window and held there ({@link AdminHolds})
     */
    private record Waiting(
            int partition, long offset, MoveReason reason, String target, AdminMove ticket, boolean held) {
        Waiting(int partition, long offset, MoveReason reason, String target) {
            this(partition, offset, reason, target, null, false);
        }
    }

    /** The broker's idempotent producer for one target queue. */
    private static final class TargetProducer {
        long producerId = -1;
        short epoch;
        int nextSequence;
    }

    private final Subscription sub;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final ArrayDeque<MoveIntent> recovered = new ArrayDeque<>();
    private final Map<String, TargetProducer> producers = new HashMap<>();
    private long nextMoveId;
    /** The move being carried out: waiting for its target, its intent's durability or its copy. */
    private List<Waiting> inFlight;
    /** The intent of {@link #inFlight} once written. */
    private MoveIntent inFlightIntent;

    MessageMover(Subscription sub, long nextMoveId) {
        this.sub = sub;
        this.nextMoveId = nextMoveId;
    }

    /** Moves recovery found begun and not ended; they are finished before anything is dispatched. */
    void resume(List<MoveIntent> intents) {
        recovered.addAll(intents);
        for (MoveIntent m : intents) {
            nextMoveId = Math.max(nextMoveId, m.moveId() + 1);
        }
    }

    boolean isResuming() {
        return !recovered.isEmpty();
    }

    long nextMoveId() {
        return nextMoveId;
    }

    int inFlightCount() {
        return (inFlight == null ? 0 : inFlight.size()) + waiting.size();
    }

    /** The intents written and not ended, for snapshots. */
    List<MoveIntent> inFlightIntents() {
        List<MoveIntent> out = new ArrayList<>(recovered);
        if (inFlightIntent != null) {
            out.add(inFlightIntent);
        }
        return out;
    }

    // ---- decisions ----

    /** Whether a record delivered {@code count} times must be dead-lettered instead of dispatched. */
    boolean mustDeadLetter(int count, TopicConfig config) {
        return RedeliveryPolicy.mustDeadLetter(config, sub.def.topic(), count);
    }

    /** Whether expired records go to an expiry queue (else they are dropped). */
    boolean canMoveExpired(TopicConfig config) {
        return config != null
                && !config.expiryQueue().isEmpty()
                && !config.expiryQueue().equals(sub.def.topic());
    }

    /** Dead-letters a record of the window (available or acquired). */
    void deadLetter(PartitionCursor cursor, int slot, MoveReason reason, TopicConfig config, long now) {
        String dlq = config == null ? "" : config.deadLetterQueue();
        if (dlq.equals(sub.def.topic())) {
            // A queue that is its own dead-letter queue keeps the record, after the redelivery delay.
            if (cursor.state(slot) == PartitionCursor.ACQUIRED) {
                cursor.release(slot, true, now + RedeliveryPolicy.delayMs(config, cursor.deliveryCount(slot)), now);
            }
            return;
        }
        if (dlq.isEmpty()) {
            log.warn(
                    "Dropping offset {} of partition {} of {} ({}, {} deliveries): dead.letter.queue is empty",
                    cursor.offset(slot),
                    cursor.partition(),
                    sub.def.describe(),
                    reason.label(),
                    cursor.deliveryCount(slot));
            cursor.settle(slot);
            return;
        }
        cursor.startMoving(slot);
        waiting.add(new Waiting(cursor.partition(), cursor.offset(slot), reason, dlq));
    }

    /** Handles an expired record of the window: moved to the expiry queue, or dropped. */
    void expire(PartitionCursor cursor, int slot, TopicConfig config) {
        if (!canMoveExpired(config)) {
            cursor.settle(slot);
            return;
        }
        cursor.startMoving(slot);
        waiting.add(new Waiting(cursor.partition(), cursor.offset(slot), MoveReason.EXPIRED, config.expiryQueue()));
    }

    /**
     * Queues an operator's move of a record: one of the window, already marked MOVING, or one not
     * read yet ({@code held}), which the caller has put in {@link Subscription#holds}.
     */
    void enqueue(int partition, long offset, MoveReason reason, String target, AdminMove ticket, boolean held) {
        ticket.add();
        waiting.add(new Waiting(partition, offset, reason, target, ticket, held));
    }

    // ---- carrying out moves ----

    /** Starts the next move if none is running. */
    void kick() {
        if (inFlight != null || sub.isClosed()) {
            return;
        }
        MoveIntent resumed = recovered.peekFirst();
        if (resumed != null) {
            inFlight = new ArrayList<>();
            for (MoveIntent.Entry e : resumed.entries()) {
                inFlight.add(new Waiting(e.partition(), e.offset(), e.reason(), resumed.target()));
            }
            inFlightIntent = resumed;
            ensureTarget(resumed.target(), !resumed.entries().get(0).reason().isOperator())
                    .whenComplete((topic, e) -> sub.actor.execute(() -> {
                        if (e != null) {
                            failed(e, true);
                        } else {
                            copy(resumed, true);
                        }
                    }));
            return;
        }
        if (waiting.isEmpty()) {
            return;
        }
        String target = waiting.peekFirst().target();
        List<Waiting> batch = new ArrayList<>();
        for (var it = waiting.iterator(); it.hasNext() && batch.size() < MAX_ENTRIES_PER_MOVE; ) {
            Waiting w = it.next();
            if (w.target().equals(target)) {
                batch.add(w);
                it.remove();
            }
        }
        inFlight = batch;
        ensureTarget(target, !batch.get(0).reason().isOperator())
                .thenCompose(topic -> ensureProducer(target).thenApply(producer -> topic))
                .whenComplete((topic, e) -> sub.actor.execute(() -> {
                    if (e != null) {
                        failed(e, false);
                    } else {
                        begin(topic, batch);
                    }
                }));
    }

    /** The target queue; created when missing only for dead letters and expiry ({@code create}). */
    private CompletableFuture<Topic> ensureTarget(String target, boolean create) {
        Topic existing = sub.rt.topics().topic(target).orElse(null);
        if (existing != null) {
            return CompletableFuture.completedFuture(existing);
        }
        if (!create) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("destination '" + target + "' does not exist"));
        }
        CompletableFuture<Topic> done = new CompletableFuture<>();
        try {
            sub.rt.metadata().execute(() -> {
                try {
                    done.complete(sub.rt.topics().create(target, -1, Map.of("type", "queue")));
                } catch (TopicAlreadyExistsException e) {
                    done.complete(sub.rt.topics().require(target));
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private CompletableFuture<TargetProducer> ensureProducer(String target) {
        TargetProducer producer = producers.computeIfAbsent(target, t -> new TargetProducer());
        if (producer.producerId >= 0 && producer.nextSequence < Integer.MAX_VALUE - MAX_ENTRIES_PER_MOVE) {
            return CompletableFuture.completedFuture(producer);
        }
        CompletableFuture<TargetProducer> done = new CompletableFuture<>();
        try {
            sub.rt.metadata().execute(() -> {
                try {
                    ProducerIdentity id = sub.rt.producerIds().initProducerId(null);
                    sub.actor.execute(() -> {
                        producer.producerId = id.producerId();
                        producer.epoch = id.epoch();
                        producer.nextSequence = 0;
                        done.complete(producer);
                    });
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Writes the intent, then copies once it is durable. */
    private void begin(Topic target, List<Waiting> batch) {
        TargetProducer producer = producers.get(target.name());
        List<MoveIntent.Entry> entries = new ArrayList<>(batch.size());
        for (Waiting w : batch) {
            entries.add(new MoveIntent.Entry(w.partition(), w.offset(), w.reason()));
        }
        MoveIntent intent = new MoveIntent(
                nextMoveId++,
                target.name(),
                (int) Math.floorMod(sub.def.id(), (long) target.partitions()),
                producer.producerId,
                producer.epoch,
                producer.nextSequence,
                entries);
        inFlightIntent = intent;
        if (sub.journal.ops() != null) {
            sub.journal.ops().moveBegin(intent);
        }
        sub.flushOps();
        sub.journal
                .durable()
                .whenComplete((hw, e) -> sub.actor.execute(() -> {
                    if (e != null) {
                        failed(e, false);
                    } else {
                        copy(intent, false);
                    }
                }));
    }

    /** Appends the copies of an intent's records to its target partition. */
    private void copy(MoveIntent intent, boolean resumed) {
        Partition target = sub.rt
                .partitions()
                .partition(intent.target(), intent.targetPartition())
                .orElse(null);
        if (target == null) {
            failed(
                    new IllegalStateException(
                            "queue '" + intent.target() + "' has no partition " + intent.targetPartition()),
                    resumed);
            return;
        }
        ByteBuf batch;
        try {
            batch = MovedCopies.build(sub, intent);
        } catch (RuntimeException e) {
            failed(e, resumed);
            return;
        }
        if (batch == null) {
            finished(intent, resumed); // every record was lost to retention: nothing to copy
            return;
        }
        target.append(batch, true, APPEND_TIMEOUT_MS)
                .whenComplete((outcome, e) -> sub.actor.execute(() -> {
                    batch.release();
                    if (e != null) {
                        failed(e, resumed);
                    } else {
                        finished(intent, resumed);
                    }
                }));
    }

    /** The copies are durable: acknowledge the originals and end the move. */
    private void finished(MoveIntent intent, boolean resumed) {
        for (MoveIntent.Entry e : intent.entries()) {
            PartitionCursor cursor = sub.cursors[e.partition()];
            int slot = cursor.slotOf(e.offset());
            if (slot >= 0) {
                cursor.settle(slot);
            } else {
                cursor.ackOutsideWindow(e.offset());
            }
        }
        if (sub.journal.ops() != null) {
            sub.journal.ops().moveEnd(intent.moveId());
        }
        for (Waiting w : inFlight) {
            if (w.held()) {
                sub.holds.release(w.partition(), w.offset());
            }
            if (w.ticket() != null) {
                w.ticket().moved();
            }
        }
        if (resumed) {
            recovered.pollFirst();
        } else {
            TargetProducer producer = producers.get(intent.target());
            if (producer != null && producer.producerId == intent.producerId()) {
                producer.nextSequence = intent.baseSequence() + intent.entries().size();
            }
        }
        log.debug("Moved {} records of {} to '{}'", intent.entries().size(), sub.def.describe(), intent.target());
        done();
    }

    /** The move failed: put its records back for a later attempt, with a fresh producer id. */
    private void failed(Throwable cause, boolean resumed) {
        log.warn(
                "Moving {} records of {} failed; they are released and moved later: {}",
                inFlight == null ? 0 : inFlight.size(),
                sub.def.describe(),
                cause.toString());
        MoveIntent intent = inFlightIntent;
        if (intent != null) {
            producers.remove(intent.target());
            if (sub.journal.ops() != null) {
                sub.journal.ops().moveEnd(intent.moveId());
            }
        }
        if (resumed) {
            recovered.pollFirst();
        }
        long now = sub.rt.clock().millis();
        if (inFlight != null) {
            for (Waiting w : inFlight) {
                PartitionCursor cursor = sub.cursors[w.partition()];
                int slot = cursor.slotOf(w.offset());
                if (slot >= 0 && cursor.state(slot) == PartitionCursor.MOVING) {
                    // An operator's move is not retried: the record is available again at once.
                    cursor.release(slot, true, w.ticket() == null ? now + RETRY_DELAY_MS : now, now);
                }
                if (w.held()) {
                    sub.holds.release(w.partition(), w.offset());
                }
                if (w.ticket() != null) {
                    w.ticket()
                            .failed("moving offset " + w.offset() + " of partition " + w.partition() + " failed: "
                                    + cause.getMessage());
                }
            }
        }
        done();
    }

    private void done() {
        inFlight = null;
        inFlightIntent = null;
        sub.requestRound();
    }
}
