package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.broker.log.HighWatermarkListener;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicConfig;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription of a topic (a queue's one subscription, or a topic subscriber's): a {@link
 * PartitionCursor} per partition, the consumers attached to it, and everything that happens to its
 * records - read-ahead, dispatch within credit, settlement, redelivery, dead-lettering and the
 * durable record of it all.
 *
 * <h2>Threading</h2>
 *
 * Its state is confined to one {@link SerialExecutor} on the delivery pool (actor style): every
 * entry point ({@link #attach}, {@link #flow}, {@link #settle}, ...) only enqueues a task and may
 * be called from any thread, typically a connection's event loop. Work is done in <b>rounds</b>: a
 * round reads ahead from the logs into the window, picks records for consumers with credit, reads
 * their bytes, hands them to the consumers' connections (whose event loops write them, one flush
 * per round), and appends the round's cursor changes to the cursor log in one record. Triggers
 * (new data, credit, settlements, timers) coalesce into at most one queued round.
 *
 * <p>Thread-safe through confinement; see above.
 */
final class Subscription {
    private static final Logger log = LoggerFactory.getLogger(Subscription.class);

    final SubscriptionDefinition def;
    final DeliveryRuntime rt;
    final SerialExecutor actor;
    final Partition[] partitions;
    final PartitionCursor[] cursors;
    /** The cursor changes of the current round; null when the subscription is not persisted. */
    final CursorOps ops;

    final RecordFetcher fetcher;
    final List<Consumer> consumers = new ArrayList<>();
    final SelectorGroups groups = new SelectorGroups();
    final MessageMover mover;
    private final Dispatcher dispatcher;
    private final AtomicBoolean roundRequested = new AtomicBoolean();
    private final HighWatermarkListener hwListener = (tp, hw) -> requestRound();
    private final List<CompletableFuture<Void>> awaitingDurable = new ArrayList<>();
    private final List<Drain> drains = new ArrayList<>();
    private ScheduledFuture<?> timer;
    private long timerDueMs = Long.MAX_VALUE;
    /** Records acquired by consumers and not settled yet. */
    int acquired;

    private long lastAppended = -1;
    private boolean changedSinceSnapshot;
    /** The cursor-log offset the latest saved snapshot is valid from. */
    private long savedValidTo;

    private boolean closed;

    /** A drain in progress: answered once everything appended before it was considered. */
    private record Drain(Consumer consumer, long[] targets, long deadlineMs, CompletableFuture<Integer> done) {}

    Subscription(
            SubscriptionDefinition def,
            DeliveryRuntime rt,
            Partition[] partitions,
            SubscriptionCheckpoint checkpoint,
            long savedValidTo) {
        this.def = def;
        this.rt = rt;
        this.actor = new SerialExecutor("subscription " + def.id(), rt.pool());
        this.partitions = partitions.clone();
        this.ops = def.persistent() ? new CursorOps(def.id()) : null;
        this.cursors = new PartitionCursor[partitions.length];
        for (int p = 0; p < partitions.length; p++) {
            cursors[p] = new PartitionCursor(
                    p,
                    checkpoint.partition(p),
                    ops,
                    rt.config().windowMessages(),
                    rt.config().windowBytes());
        }
        this.fetcher = new RecordFetcher(partitions.length, rt.config().readBytes());
        this.savedValidTo = savedValidTo;
        this.mover = new MessageMover(this, checkpoint.nextMoveId());
        this.dispatcher = new Dispatcher(this);
        if (!checkpoint.pendingMoves().isEmpty()) {
            mover.resume(checkpoint.pendingMoves());
        }
    }

    /** Starts listening to the logs; call once after construction. */
    void start() {
        for (Partition p : partitions) {
            p.log().addHighWatermarkListener(hwListener);
        }
        actor.execute(mover::kick);
    }

    // ---- entry points (any thread) ----

    /** Attaches a consumer; fails with RESOURCE_LIMIT_EXCEEDED when its selector would be a 65th group. */
    CompletableFuture<Void> attach(Consumer consumer) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.execute(() -> {
            if (closed) {
                done.completeExceptionally(new SluiceProtocolException(
                        ErrorCode.UNKNOWN_SUBSCRIPTION, def.describe() + " no longer exists"));
                return;
            }
            if (def.type() == SubscriptionType.QUEUE && !consumer.selector.isMatchAll()) {
                int group = groups.join(consumer.selector);
                if (group < 0) {
                    done.completeExceptionally(new SluiceProtocolException(
                            ErrorCode.RESOURCE_LIMIT_EXCEEDED,
                            def.describe() + " already has consumers with " + SelectorGroups.MAX_GROUPS
                                    + " different selectors"));
                    return;
                }
                consumer.group = group;
                if (groups.isNew(group)) {
                    dispatcher.evaluateGroup(group);
                }
            }
            consumers.add(consumer);
            done.complete(null);
        });
        return done;
    }

    /** Starts pushing to an attached consumer: its connection now knows it. */
    void activate(Consumer consumer) {
        actor.execute(() -> {
            if (!consumer.detached) {
                consumer.active = true;
                requestRound();
            }
        });
    }

    /** Detaches a consumer; nothing is pushed to it afterwards. Its deliveries stay with its connection. */
    CompletableFuture<Void> detach(Consumer consumer) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.execute(() -> {
            if (consumers.remove(consumer)) {
                groups.leave(consumer.group);
            }
            consumer.detached = true;
            consumer.credit = 0;
            finishDrains(false); // completes this consumer's drains (it is detached), nobody else's
            done.complete(null);
        });
        if (actor.isShutdown()) {
            done.complete(null);
        }
        return done;
    }

    /** Adds credit. */
    void flow(Consumer consumer, int credit) {
        actor.execute(() -> {
            if (!consumer.detached) {
                consumer.credit = saturatedAdd(consumer.credit, credit);
                requestRound();
            }
        });
    }

    /**
     * Adds credit, pushes what is available once every partition's log has made readable what was
     * appended before the drain (waiting at most {@code drainWaitMs}), then sets the credit to zero.
     *
     * @param targets per partition, the log end when the drain arrived
     * @return completes with the number of messages pushed for the drain, after they were handed
     *     to the connection
     */
    CompletableFuture<Integer> drain(Consumer consumer, int credit, long[] targets) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        actor.execute(() -> {
            if (consumer.detached || closed) {
                done.complete(0);
                return;
            }
            consumer.credit = saturatedAdd(consumer.credit, credit);
            consumer.drained = 0;
            long deadline = rt.clock().millis() + rt.config().drainWaitMs();
            drains.add(new Drain(consumer, targets.clone(), deadline, done));
            for (int p = 0; p < partitions.length; p++) {
                if (partitions[p].log().highWatermark() < targets[p]) {
                    partitions[p].log().awaitHighWatermark(targets[p] - 1).whenComplete((hw, e) -> requestRound());
                }
            }
            scheduleWakeup(deadline);
            requestRound();
        });
        return done;
    }

    /**
     * Settles records of this subscription that a connection's consumers held.
     *
     * @param durable completed once the outcome is durable, or null
     */
    void settle(AckType type, SettleBatch batch, CompletableFuture<Void> durable) {
        actor.execute(() -> {
            if (closed) {
                if (durable != null) {
                    durable.complete(null);
                }
                return;
            }
            settleNow(type, batch);
            if (durable != null) {
                awaitingDurable.add(durable);
            }
            requestRound();
        });
    }

    /** A page of the records a consumer could take now (queues only). */
    CompletableFuture<BrowsePage> browse(
            io.sluice.protocol.selector.Selector selector,
            List<io.sluice.protocol.api.BrowseRequest.Position> positions,
            int maxMessages) {
        CompletableFuture<BrowsePage> done = new CompletableFuture<>();
        actor.execute(() -> {
            try {
                done.complete(Browser.browse(this, selector, positions, maxMessages));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        if (actor.isShutdown()) {
            done.completeExceptionally(
                    new SluiceProtocolException(ErrorCode.UNKNOWN_TOPIC, def.describe() + " no longer exists"));
        }
        return done;
    }

    /** Completes with the number of records consumers hold and have not settled. */
    CompletableFuture<Integer> unsettledCount() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        actor.execute(() -> done.complete(acquired + mover.inFlightCount()));
        if (actor.isShutdown()) {
            done.complete(0);
        }
        return done;
    }

    /** Queues a round unless one is queued already. Any thread. */
    void requestRound() {
        if (roundRequested.compareAndSet(false, true)) {
            actor.execute(this::round);
        }
    }

    /** Stops the subscription for good (deleted); later tasks only answer their callers. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        for (Partition p : partitions) {
            p.log().removeHighWatermarkListener(hwListener);
        }
        actor.execute(() -> {
            closed = true;
            if (timer != null) {
                timer.cancel(false);
            }
            for (Consumer c : consumers) {
                c.detached = true;
            }
            consumers.clear();
            finishDrains(true);
            awaitingDurable.forEach(f -> f.complete(null));
            awaitingDurable.clear();
            // The executor keeps running tasks queued later: each sees `closed` and completes
            // whatever future it carries, so no request waits forever.
            done.complete(null);
        });
        if (actor.isShutdown()) {
            done.complete(null);
        }
        return done;
    }

    // ---- the round (on the executor) ----

    private void round() {
        roundRequested.set(false);
        if (closed) {
            return;
        }
        long now = rt.clock().millis();
        TopicConfig config = topicConfig();
        if (config == null) {
            return; // the topic was deleted; the manager closes this subscription
        }
        try {
            for (PartitionCursor c : cursors) {
                c.promoteDue(now);
            }
            if (!mover.isResuming() && (totalCredit() > 0 || !drains.isEmpty())) {
                dispatcher.readAhead(config, now);
                dispatcher.dispatch(config, now);
            }
            mover.kick();
        } catch (RuntimeException e) {
            log.error("A delivery round of {} failed", def.describe(), e);
        } finally {
            fetcher.releaseChunks();
        }
        flushOps();
        finishDrains(false);
        scheduleNextDue();
    }

    /** Appends this round's cursor changes to the cursor log; completes durability waiters. */
    void flushOps() {
        if (ops == null || ops.isEmpty()) {
            if (!awaitingDurable.isEmpty() && lastAppended < 0) {
                awaitingDurable.forEach(f -> f.complete(null));
                awaitingDurable.clear();
            }
            if (!awaitingDurable.isEmpty()) {
                completeWhenDurable(lastAppended);
            }
            return;
        }
        ByteBuf value = ByteBufAllocator.DEFAULT.buffer(16 + ops.size() * 12);
        try {
            ops.writeTo(value);
            lastAppended = rt.cursorLog().append(value);
            changedSinceSnapshot = true;
        } catch (RuntimeException e) {
            ops.clear();
            log.error("Could not record cursor changes of {}; they may be lost on a crash", def.describe(), e);
            awaitingDurable.forEach(f -> f.completeExceptionally(e));
            awaitingDurable.clear();
            return;
        } finally {
            value.release();
        }
        if (!awaitingDurable.isEmpty()) {
            completeWhenDurable(lastAppended);
        }
    }

    /** Completes with the cursor log's durability of {@code offset}; for the mover too. */
    CompletableFuture<Long> durableFuture() {
        return lastAppended < 0
                ? CompletableFuture.completedFuture(0L)
                : rt.cursorLog().awaitDurable(lastAppended);
    }

    private void completeWhenDurable(long offset) {
        List<CompletableFuture<Void>> waiting = new ArrayList<>(awaitingDurable);
        awaitingDurable.clear();
        rt.cursorLog()
                .awaitDurable(offset)
                .whenComplete((hw, e) -> waiting.forEach(f -> {
                    if (e == null) {
                        f.complete(null);
                    } else {
                        f.completeExceptionally(e);
                    }
                }));
    }

    private void finishDrains(boolean force) {
        if (drains.isEmpty()) {
            return;
        }
        long now = rt.clock().millis();
        Iterator<Drain> it = drains.iterator();
        while (it.hasNext()) {
            Drain d = it.next();
            if (force || d.consumer().detached || closed || isDrained(d, now)) {
                it.remove();
                d.consumer().credit = 0;
                d.done().complete(d.consumer().drained);
            }
        }
    }

    private boolean isDrained(Drain d, long now) {
        for (int p = 0; p < partitions.length; p++) {
            long target = d.targets()[p];
            boolean readable = partitions[p].log().highWatermark() >= target || now >= d.deadlineMs();
            boolean read = cursors[p].readOffset()
                            >= Math.min(target, partitions[p].log().highWatermark())
                    || !cursors[p].hasRoom();
            if (!readable || !read) {
                return false;
            }
        }
        return true;
    }

    // ---- settlement ----

    private void settleNow(AckType type, SettleBatch batch) {
        long now = rt.clock().millis();
        TopicConfig config = topicConfig();
        for (int i = 0; i < batch.size(); i++) {
            int p = batch.partition(i);
            if (p < 0 || p >= cursors.length) {
                continue;
            }
            PartitionCursor c = cursors[p];
            int slot = c.slotOf(batch.offset(i));
            if (slot < 0 || c.state(slot) != PartitionCursor.ACQUIRED) {
                continue;
            }
            acquired--;
            switch (type) {
                case ACCEPT -> c.settle(slot);
                case RELEASE_UNDELIVERED -> c.release(slot, false, now, now);
                case RELEASE -> release(c, slot, config, now);
                case REJECT -> mover.deadLetter(c, slot, MoveReason.REJECTED, config, now);
            }
        }
    }

    private void release(PartitionCursor c, int slot, TopicConfig config, long now) {
        int count = c.deliveryCount(slot);
        if (RedeliveryPolicy.mustDeadLetter(config, def.topic(), count)) {
            mover.deadLetter(c, slot, MoveReason.MAX_DELIVERIES, config, now);
        } else {
            c.release(slot, true, now + RedeliveryPolicy.delayMs(config, count), now);
        }
    }

    // ---- timers ----

    private void scheduleNextDue() {
        long due = Long.MAX_VALUE;
        for (PartitionCursor c : cursors) {
            due = Math.min(due, c.nextDueMs());
        }
        if (due != Long.MAX_VALUE) {
            scheduleWakeup(due);
        }
    }

    /** Makes sure a round runs at {@code dueMs}. On the executor. */
    void scheduleWakeup(long dueMs) {
        if (timer != null && !timer.isDone() && timerDueMs <= dueMs) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        long delay = Math.max(0, dueMs - rt.clock().millis());
        timerDueMs = dueMs;
        try {
            timer = rt.scheduler().schedule(this::requestRound, delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            log.debug("Cannot schedule a wake-up of {}: {}", def.describe(), e.toString());
        }
    }

    // ---- snapshots ----

    /**
     * Takes a snapshot of the durable state if it changed since the last one (or {@code force}).
     * Completes with null when there is nothing to save.
     */
    CompletableFuture<SnapshotState> snapshot(boolean force) {
        CompletableFuture<SnapshotState> done = new CompletableFuture<>();
        actor.execute(() -> {
            if (closed || !def.persistent()) {
                done.complete(null);
                return;
            }
            flushOps();
            long validTo = rt.cursorLog().highWatermark();
            if (!changedSinceSnapshot && !force) {
                done.complete(null);
                return;
            }
            changedSinceSnapshot = false;
            CursorCheckpoint[] parts = new CursorCheckpoint[cursors.length];
            for (int p = 0; p < cursors.length; p++) {
                parts[p] = cursors[p].checkpoint();
            }
            SubscriptionCheckpoint checkpoint =
                    new SubscriptionCheckpoint(parts, mover.nextMoveId(), mover.inFlightIntents());
            ByteBuf buf = ByteBufAllocator.DEFAULT.heapBuffer();
            try {
                checkpoint.encode(buf);
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                done.complete(new SnapshotState(def.id(), Math.max(savedValidTo, validTo), bytes, checkpoint));
            } finally {
                buf.release();
            }
        });
        if (actor.isShutdown()) {
            done.complete(null);
        }
        return done;
    }

    /** A snapshot taken, before it is saved. */
    record SnapshotState(long subscriptionId, long validToOffset, byte[] state, SubscriptionCheckpoint checkpoint) {}

    /** Records that a snapshot valid from {@code validTo} is durable. Any thread. */
    void snapshotSaved(long validTo) {
        actor.execute(() -> savedValidTo = Math.max(savedValidTo, validTo));
    }

    // ---- helpers for the dispatcher and the mover ----

    TopicConfig topicConfig() {
        return rt.topics().topic(def.topic()).map(Topic::config).orElse(null);
    }

    int totalCredit() {
        long total = 0;
        for (Consumer c : consumers) {
            if (c.active) {
                total += c.credit;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /** Whether a batch of {@code producerId} was produced "locally" for this noLocal subscription. */
    boolean isLocal(long producerId) {
        if (!def.noLocal() || producerId < 0) {
            return false;
        }
        DeliverySession owner = rt.localProducers().owner(producerId);
        if (owner == null) {
            return false;
        }
        if (def.clientId() != null) {
            return def.clientId().equals(owner.clientId());
        }
        for (Consumer c : consumers) {
            if (c.session == owner) {
                return true;
            }
        }
        return false;
    }

    boolean isClosed() {
        return closed;
    }

    private static int saturatedAdd(int a, int b) {
        long sum = (long) a + b;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, sum));
    }

    @Override
    public String toString() {
        return "Subscription(" + def.describe() + ")";
    }
}
