package io.sluice.broker.delivery;

import io.netty.channel.Channel;
import io.sluice.broker.meta.SubscriptionStore;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.producer.ProducerIdManager;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicManager;
import io.sluice.broker.topic.TopicType;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.CreateConsumerRequest;
import io.sluice.protocol.api.FlowRequest;
import io.sluice.protocol.api.FlowResponse;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import io.sluice.protocol.message.DestinationKind;
import io.sluice.protocol.selector.InvalidSelectorSyntaxException;
import io.sluice.protocol.selector.Selector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery engine as the server's API handlers use it: connections ({@link DeliverySession}),
 * destinations, consumers, credit, settlement, subscriptions, browsing and temporary destinations.
 * It owns the delivery pool ({@code sluice-delivery-N}, where subscriptions run), the cursor log
 * and the subscription registry.
 *
 * <p>Threads: methods taking a session are called on that session's event loop and never block;
 * work that blocks (JDBC, creating topics) runs on the metadata executor, subscription work on the
 * delivery pool, and futures complete on whichever of those finished the work.
 *
 * <p>Thread-safe.
 */
public final class DeliveryService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
    /** Names starting with this are reserved for temporary destinations. */
    public static final String TEMPORARY_PREFIX = TemporaryDestinations.PREFIX;
    /** Longest subscription name accepted. */
    static final int MAX_NAME_LENGTH = 255;

    private final DeliveryRuntime rt;
    private final ThreadPoolExecutor pool;
    private final SubscriptionManager subscriptions;
    private final TemporaryDestinations temporaries;
    private final Destinations destinations;
    private final DeliveryCounters counters = new DeliveryCounters();
    private final DeliveryAdmin admin;
    /** Guards against overlapping snapshot rounds. */
    private final AtomicBoolean snapshotRunning = new AtomicBoolean();

    private volatile boolean closed;

    private DeliveryService(DeliveryRuntime rt, ThreadPoolExecutor pool, SubscriptionStore store) {
        this.rt = rt;
        this.pool = pool;
        this.subscriptions = new SubscriptionManager(rt, store);
        this.temporaries = new TemporaryDestinations(rt, subscriptions);
        this.destinations = new Destinations(rt, temporaries);
        this.admin = new DeliveryAdmin(rt, subscriptions, counters);
    }

    /** Messages delivered per destination, for the operations APIs. */
    DeliveryCounters counters() {
        return counters;
    }

    /** The operators' view and controls: subscriptions, messages, producers. */
    public DeliveryAdmin admin() {
        return admin;
    }

    /** The connection id of the live connection that initialised {@code producerId}, or -1. */
    public long producerConnection(long producerId) {
        DeliverySession owner = rt.localProducers().owner(producerId);
        return owner == null ? -1 : owner.connectionId();
    }

    /**
     * Opens the cursor log under {@code dataDir}, deletes temporary destinations left by the
     * previous run, recovers persisted subscriptions and starts periodic snapshots. Blocks.
     */
    public static DeliveryService start(
            DeliveryConfig config,
            Path dataDir,
            Clock clock,
            ScheduledExecutorService scheduler,
            Executor metadata,
            TopicManager topics,
            PartitionManager partitions,
            ProducerIdManager producerIds,
            SubscriptionStore store) {
        AtomicInteger threadIds = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                config.threads(), config.threads(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "sluice-delivery-" + threadIds.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                });
        CursorLog cursorLog = null;
        try {
            cursorLog = CursorLog.open(dataDir.resolve("delivery"), config.cursorLogSegmentBytes(), clock);
            DeliveryRuntime rt = new DeliveryRuntime(
                    config,
                    clock,
                    pool,
                    scheduler,
                    metadata,
                    topics,
                    partitions,
                    producerIds,
                    cursorLog,
                    new LocalProducers());
            for (Topic t : topics.list(TemporaryDestinations.PREFIX)) {
                log.info("Deleting temporary destination {} left by the previous run", t.name());
                topics.delete(t.name());
            }
            DeliveryService service = new DeliveryService(rt, pool, store);
            service.subscriptions.recover();
            scheduler.scheduleWithFixedDelay(
                    service::requestSnapshots,
                    config.snapshotIntervalMs(),
                    config.snapshotIntervalMs(),
                    TimeUnit.MILLISECONDS);
            return service;
        } catch (RuntimeException e) {
            pool.shutdownNow();
            if (cursorLog != null) {
                cursorLog.close();
            }
            throw e;
        }
    }

    // ---- connections ----

    /** The delivery side of a new connection; call on its event loop after the handshake. */
    public DeliverySession openSession(long connectionId, Channel channel, String handshakeClientId) {
        DeliverySession session = new DeliverySession(connectionId, channel, handshakeClientId, this);
        channel.closeFuture().addListener(f -> session.close());
        return session;
    }

    /** Records that {@code session}'s connection initialised an idempotent producer (for noLocal). */
    public void producerInitialized(DeliverySession session, long producerId) {
        rt.localProducers().register(producerId, session);
    }

    void sessionClosed(DeliverySession session) {
        rt.localProducers().unregisterAll(session);
        temporaries.connectionClosed(session);
    }

    // ---- destinations ----

    /** RESOLVE_DESTINATION: completes with the destination, creating it if allowed. */
    public CompletableFuture<Destinations.Resolved> resolve(String name, DestinationKind kind, boolean autoCreate) {
        return destinations.resolve(name, kind, autoCreate);
    }

    /** CREATE_TEMPORARY: completes with the new destination's name. */
    public CompletableFuture<String> createTemporary(DeliverySession session, DestinationKind kind) {
        return temporaries.create(session, kind);
    }

    /** CREATE_TEMPORARY naming the destination to create again (null: a new one). */
    public CompletableFuture<String> createTemporary(DeliverySession session, DestinationKind kind, String name) {
        return temporaries.create(session, kind, name);
    }

    /** DELETE_TEMPORARY. */
    public CompletableFuture<Void> deleteTemporary(DeliverySession session, String name) {
        return temporaries.delete(session, name);
    }

    // ---- consumers ----

    /** CREATE_CONSUMER: completes on the session's event loop once the consumer is attached. */
    public CompletableFuture<Void> createConsumer(DeliverySession session, CreateConsumerRequest r) {
        SubscriptionType type = r.subscriptionType();
        validate(session, r);
        Selector selector = parseSelector(r.selector());
        ConsumerHandle handle = new ConsumerHandle(r.consumerId());
        session.consumers().put(r.consumerId(), handle);
        session.markUsed();
        String clientId = session.clientId();
        CompletableFuture<Topic> destination;
        try {
            destination = destinations.forConsumer(session, r.topic(), r.kind(), r.autoCreate());
        } catch (RuntimeException e) {
            destination = CompletableFuture.failedFuture(e); // answered below, after the handle is removed
        }
        CompletableFuture<Subscription> subscribed = destination.thenCompose(
                topic -> rt.onMetadata(() -> subscriptions.attach(new SubscriptionManager.Request(
                        topic,
                        type,
                        type == SubscriptionType.QUEUE || type == SubscriptionType.NON_DURABLE ? null : clientId,
                        r.subscriptionName(),
                        selector,
                        r.noLocal(),
                        r.kind().isTemporary()))));
        Consumer consumer =
                new Consumer(session, r.consumerId(), type == SubscriptionType.QUEUE ? selector : null, r.credit());
        CompletableFuture<Subscription> attached =
                subscribed.thenCompose(sub -> sub.attach(consumer).handle((v, e) -> {
                    if (e != null) {
                        rt.onMetadata(() -> {
                            subscriptions.detached(sub);
                            return null;
                        });
                        throw new CompletionException(e);
                    }
                    return sub;
                }));
        return attached.handleAsync(
                (sub, e) -> {
                    if (e != null) {
                        handle.failed();
                        session.consumers().remove(r.consumerId(), handle);
                        throw e instanceof RuntimeException re ? re : new CompletionException(e);
                    }
                    // Runs a CLOSE_CONSUMER (or connection close) that arrived meanwhile.
                    handle.attached(consumer, sub);
                    if (!handle.isClosed()) {
                        sub.activate(consumer);
                    }
                    return null;
                },
                session.eventLoop());
    }

    private static void validate(DeliverySession session, CreateConsumerRequest r) {
        SubscriptionType type = r.subscriptionType();
        if (r.credit() < 0) {
            throw invalid("credit must be >= 0, was " + r.credit());
        }
        if (r.kind().isQueue() != (type == SubscriptionType.QUEUE)) {
            throw invalid(
                    r.kind().isQueue()
                            ? "a queue is consumed with subscription type QUEUE, not " + type
                            : "a topic cannot be consumed with subscription type QUEUE");
        }
        if (type == SubscriptionType.DURABLE
                || type == SubscriptionType.SHARED
                || type == SubscriptionType.SHARED_DURABLE) {
            String name = r.subscriptionName();
            if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                throw invalid("a " + type + " subscription needs a name of 1 to " + MAX_NAME_LENGTH + " characters");
            }
            if (type.isDurable() && r.kind().isTemporary()) {
                throw invalid("a temporary topic cannot have durable subscriptions");
            }
        }
        if (type == SubscriptionType.DURABLE && session.clientId() == null) {
            throw new SluiceProtocolException(
                    ErrorCode.ILLEGAL_STATE,
                    "an unshared durable subscription needs the connection's client id to be set");
        }
        if (session.consumers().containsKey(r.consumerId())) {
            throw new SluiceProtocolException(
                    ErrorCode.ILLEGAL_STATE, "consumer id " + r.consumerId() + " is already in use on this connection");
        }
    }

    static Selector parseSelector(String text) {
        try {
            return Selector.parse(text);
        } catch (InvalidSelectorSyntaxException e) {
            throw new SluiceProtocolException(ErrorCode.INVALID_SELECTOR, e.getMessage());
        }
    }

    /** CLOSE_CONSUMER: completes once nothing more will be pushed to it. */
    public CompletableFuture<Void> closeConsumer(DeliverySession session, int consumerId) {
        ConsumerHandle handle = session.consumers().remove(consumerId);
        if (handle == null) {
            throw new SluiceProtocolException(
                    ErrorCode.UNKNOWN_CONSUMER, "no consumer " + consumerId + " on this connection");
        }
        return handle.close(this).thenApplyAsync(v -> null, session.eventLoop());
    }

    /** Detaches a consumer from its subscription and tells the registry. */
    CompletableFuture<Void> detach(Consumer consumer, Subscription sub) {
        return sub.detach(consumer)
                .thenCompose(v -> rt.onMetadata(() -> {
                    subscriptions.detached(sub);
                    return null;
                }));
    }

    /**
     * FLOW: adds credit; with drain completes (on the event loop, after the pushes) with the number
     * of messages pushed for it; without drain completes at once with 0.
     */
    public CompletableFuture<FlowResponse> flow(DeliverySession session, FlowRequest r) {
        ConsumerHandle handle = session.consumers().get(r.consumerId());
        if (handle == null) {
            throw new SluiceProtocolException(
                    ErrorCode.UNKNOWN_CONSUMER, "no consumer " + r.consumerId() + " on this connection");
        }
        if (r.credit() < 0) {
            throw invalid("credit must be >= 0, was " + r.credit());
        }
        if (!r.drain()) {
            handle.whenAttached((c, s) -> s.flow(c, r.credit()));
            return CompletableFuture.completedFuture(new FlowResponse(0));
        }
        CompletableFuture<FlowResponse> done = new CompletableFuture<>();
        // Completed by a task queued on the event loop behind the drain's pushes (which the
        // subscription queued first), never inline: the response must follow the pushes.
        handle.whenAttached((c, s) -> drainTargets(s)
                .thenCompose(targets -> s.drain(c, r.credit(), targets))
                .whenComplete((n, e) -> session.eventLoop().execute(() -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        done.complete(new FlowResponse(n));
                    }
                })));
        return done;
    }

    /** Per partition, the log end once every append queued before now has been applied. */
    private static CompletableFuture<long[]> drainTargets(Subscription sub) {
        Partition[] partitions = sub.partitions;
        List<CompletableFuture<Long>> ends = new ArrayList<>();
        for (Partition p : partitions) {
            ends.add(p.logEndAfterQueuedAppends());
        }
        return CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).thenApply(v -> {
            long[] targets = new long[partitions.length];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = ends.get(i).join();
            }
            return targets;
        });
    }

    /** ACK: settles deliveries; {@code durable} completes the future only once that is durable. */
    public CompletableFuture<Void> ack(DeliverySession session, AckRequest r, boolean durable) {
        return session.settle(r, durable);
    }

    // ---- transactions ----

    /**
     * Takes the deliveries a committing transaction acknowledges out of the session's ledger; call
     * on the session's event loop. Afterwards the transaction must pass them to {@link #acceptHeld}
     * or {@link #returnHeld}.
     *
     * @throws SluiceProtocolException TRANSACTION_ROLLED_BACK, taking nothing, unless the session
     *     holds every id in the ranges
     */
    public HeldDeliveries holdForCommit(DeliverySession session, List<AckRequest.Range> ranges) {
        return session.hold(ranges);
    }

    /** Acknowledges the held deliveries of a decided commit; completes once durable. Any thread. */
    public CompletableFuture<Void> acceptHeld(HeldDeliveries held) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        held.bySubscription().forEach((subscription, batch) -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            subscription.settleCommitted(batch, done);
            pending.add(done);
        });
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    /**
     * Hands back the deliveries of a commit that failed before it was decided. Any thread; on the
     * session's event loop they are back before this returns, from elsewhere before anything the
     * caller queues to that event loop afterwards (such as the commit's error response).
     */
    public void returnHeld(HeldDeliveries held) {
        DeliverySession session = held.session();
        if (session.eventLoop().inEventLoop()) {
            session.giveBack(held);
            return;
        }
        try {
            session.eventLoop().execute(() -> session.giveBack(held));
        } catch (RuntimeException e) {
            // The event loop is gone (broker shutdown): release them as a lost connection would.
            held.bySubscription().forEach((subscription, batch) -> subscription.settle(AckType.RELEASE, batch, null));
        }
    }

    /**
     * Acknowledges offsets of a persisted subscription for a transaction recovered at start.
     *
     * @return completes with false at once if the subscription no longer exists, else with true once
     *     the acknowledgements are durable
     */
    public CompletableFuture<Boolean> acceptRecovered(long subscriptionId, int partition, long[] offsets) {
        Subscription sub = subscriptions.persisted(subscriptionId);
        if (sub == null) {
            return CompletableFuture.completedFuture(false);
        }
        SettleBatch batch = new SettleBatch();
        for (long offset : offsets) {
            batch.add(partition, offset);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        sub.settleCommitted(batch, done);
        return done.thenApply(v -> true);
    }

    // ---- subscriptions ----

    /**
     * UNSUBSCRIBE: deletes a durable subscription of the session's client id (or of none).
     *
     * @param topicCheck given the subscription's topic before anything changes; throws to refuse
     *     (the access check)
     */
    public CompletableFuture<Void> unsubscribe(
            DeliverySession session, String name, java.util.function.Consumer<String> topicCheck) {
        String clientId = session.clientId();
        return rt.onMetadata(() -> {
            subscriptions.unsubscribe(clientId, name, topicCheck);
            return null;
        });
    }

    /** BROWSE: a page of a queue's available messages. */
    public CompletableFuture<BrowsePage> browse(BrowseRequest r) {
        if (r.maxMessages() <= 0) {
            throw invalid("maxMessages must be > 0, was " + r.maxMessages());
        }
        Selector selector = parseSelector(r.selector());
        Topic topic = rt.topics()
                .topic(r.topic())
                .orElseThrow(() -> new SluiceProtocolException(
                        ErrorCode.UNKNOWN_TOPIC, "queue '" + r.topic() + "' does not exist"));
        if (topic.config().type() != TopicType.QUEUE) {
            throw new SluiceProtocolException(
                    ErrorCode.DESTINATION_TYPE_MISMATCH, "'" + r.topic() + "' is a topic; only queues can be browsed");
        }
        boolean temporary = TemporaryDestinations.isTemporaryName(topic.name());
        return rt.onMetadata(() -> subscriptions.queueSubscription(topic, temporary))
                .thenCompose(sub -> sub.browse(selector, r.positions(), r.maxMessages()));
    }

    // ---- topics ----

    /** The topic was deleted: its subscriptions go with it. Called on the metadata executor. */
    public void topicDeleted(String topic) {
        subscriptions.topicDeleted(topic);
        counters.forget(topic);
    }

    // ---- snapshots and shutdown ----

    private void requestSnapshots() {
        if (closed || !snapshotRunning.compareAndSet(false, true)) {
            return;
        }
        try {
            rt.metadata().execute(() -> {
                try {
                    subscriptions.snapshotAll(false);
                } catch (RuntimeException e) {
                    log.warn("Snapshotting cursors failed; the cursor log is kept and replayed instead", e);
                } finally {
                    snapshotRunning.set(false);
                }
            });
        } catch (RuntimeException e) {
            snapshotRunning.set(false);
        }
    }

    /** Snapshots every subscription now (on the calling thread) and waits for it; for tests and shutdown. */
    public void snapshotNow() {
        subscriptions.snapshotAll(true);
    }

    /** Final snapshot, then stops every subscription, the delivery pool and the cursor log. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            subscriptions.snapshotAll(true);
        } catch (RuntimeException e) {
            log.warn("The final cursor snapshot failed; the next start replays the cursor log", e);
        }
        subscriptions.closeAll();
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        rt.cursorLog().close();
    }

    private static SluiceProtocolException invalid(String message) {
        return new SluiceProtocolException(ErrorCode.INVALID_REQUEST, message);
    }
}
