package io.sluice.broker.delivery;

import io.sluice.broker.log.HighWatermarkListener;
import io.sluice.broker.log.LogClosedException;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicConfig;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import io.sluice.protocol.selector.Selector;
import java.util.ArrayList;
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
    /** The cursor changes of the current round and their way to the cursor log. */
    final CursorJournal journal;

    final RecordFetcher fetcher;
    final List<Consumer> consumers = new ArrayList<>();
    final SelectorGroups groups = new SelectorGroups();
    final MessageMover mover;
    /** Records not read yet that an operator is moving; read-ahead stops in front of them. */
    final AdminHolds holds;

    private final Dispatcher dispatcher;
    private final AtomicBoolean roundRequested = new AtomicBoolean();
    private final HighWatermarkListener hwListener = (tp, hw) -> requestRound();
    private final PendingDrains drains = new PendingDrains();
    private ScheduledFuture<?> timer;
    private long timerDueMs = Long.MAX_VALUE;
    /** Records acquired by consumers and not settled yet. */
    int acquired;

    /** The cursor-log offset the latest saved snapshot is valid from. */
    private long savedValidTo;

    private boolean closed;

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
        CursorOps ops = def.persistent() ? new CursorOps(def.id()) : null;
        this.journal = new CursorJournal(def.describe(), rt.cursorLog(), ops);
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
        this.holds = new AdminHolds(partitions.length);
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
            drains.add(consumer, targets, deadline, done);
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
                journal.whenDurable(durable);
            }
            requestRound();
        });
    }

    /**
     * Acknowledges records a committed transaction consumed: held by its connection's consumers
     * (acquired), or, when a recovered transaction is applied again at start, in any state or not
     * read into the window yet. Records already acknowledged stay so.
     *
     * @param durable completed once the acknowledgements are durable in the cursor log
     */
    void settleCommitted(SettleBatch batch, CompletableFuture<Void> durable) {
        actor.execute(() -> {
            if (closed) {
                durable.complete(null);
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                int p = batch.partition(i);
                if (p >= 0 && p < cursors.length) {
                    acceptCommitted(cursors[p], batch.offset(i));
                }
            }
            journal.whenDurable(durable);
            flushOps();
            requestRound();
        });
        if (actor.isShutdown()) {
            durable.complete(null);
        }
    }

    private void acceptCommitted(PartitionCursor c, long offset) {
        int slot = c.slotOf(offset);
        if (slot < 0) {
            c.ackOutsideWindow(offset);
            return;
        }
        byte state = c.state(slot);
        if (state == PartitionCursor.ACQUIRED) {
            acquired--;
            c.settle(slot);
        } else if (state != PartitionCursor.MOVING) {
            c.settle(slot);
        }
    }

    /** A page of the records a consumer could take now (queues only). */
    CompletableFuture<BrowsePage> browse(Selector selector, List<BrowseRequest.Position> positions, int maxMessages) {
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

    /**
     * Runs an operator's query or change on the executor; fails with UNKNOWN_SUBSCRIPTION once the
     * subscription is closed.
     */
    <T> CompletableFuture<T> onActor(java.util.function.Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        actor.execute(() -> {
            if (closed) {
                done.completeExceptionally(new SluiceProtocolException(
                        ErrorCode.UNKNOWN_SUBSCRIPTION, def.describe() + " no longer exists"));
                return;
            }
            try {
                done.complete(work.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        if (actor.isShutdown()) {
            done.completeExceptionally(
                    new SluiceProtocolException(ErrorCode.UNKNOWN_SUBSCRIPTION, def.describe() + " no longer exists"));
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
            journal.releaseWaiters();
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
        } catch (LogClosedException e) {
            log.debug("{}: a log closed during a round (topic deleted or broker stopping)", def.describe());
        } catch (RuntimeException e) {
            log.error("A delivery round of {} failed", def.describe(), e);
        } finally {
            fetcher.releaseChunks();
        }
        flushOps();
        finishDrains(false);
        scheduleNextDue();
    }

    /** Appends the cursor changes so far to the cursor log; arranges durability waiters. */
    void flushOps() {
        journal.flush();
    }

    private void finishDrains(boolean force) {
        if (!drains.isEmpty()) {
            drains.finish(partitions, cursors, rt.clock().millis(), force || closed);
        }
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
            if (!journal.takeChanged() && !force) {
                done.complete(null);
                return;
            }
            SubscriptionCheckpoint checkpoint =
                    SubscriptionCheckpoint.of(cursors, mover.nextMoveId(), mover.inFlightIntents());
            done.complete(new SnapshotState(def.id(), Math.max(savedValidTo, validTo), checkpoint));
        });
        if (actor.isShutdown()) {
            done.complete(null);
        }
        return done;
    }

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
            if (c.canReceive()) {
                total += c.credit;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /** Whether a batch of {@code producerId} was produced "locally" for this noLocal subscription. */
    boolean isLocal(long producerId) {
        return def.noLocal() && rt.localProducers().isLocal(producerId, def.clientId(), consumers);
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
