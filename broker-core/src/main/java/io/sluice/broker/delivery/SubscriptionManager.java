package io.sluice.broker.delivery;

import io.netty.buffer.Unpooled;
import io.sluice.broker.meta.SubscriptionRecord;
import io.sluice.broker.meta.SubscriptionStore;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.topic.Topic;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import io.sluice.protocol.selector.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of the broker: finds or creates the one a new consumer attaches to (applying
 * the JMS rules on names, client ids, sharing and changes), counts their consumers, deletes those
 * that end with their last consumer, unsubscribes durable ones, keeps persisted ones in the
 * metadata store, recovers them at start (snapshot plus cursor-log replay) and snapshots them.
 *
 * <p>Namespaces: queues by name; durable and shared durable subscriptions share one namespace of
 * (client id or none, name); shared non-durable subscriptions have their own; non-durable ones are
 * anonymous.
 *
 * <p>Thread-safe: the registry is guarded by {@code lock}. Methods block on JDBC (and on a
 * subscription's executor for unsubscribe checks): call them on the metadata executor or at start.
 */
final class SubscriptionManager {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionManager.class);
    private static final long QUERY_TIMEOUT_MS = 10_000;
    /** An idle subscription's snapshot is renewed once the cursor log grew this much past it. */
    private static final long IDLE_SNAPSHOT_LAG = 10_000;

    /** A registered subscription and how many consumers it has. */
    private static final class Entry {
        final Subscription subscription;
        int consumers;

        Entry(Subscription subscription) {
            this.subscription = subscription;
        }
    }

    /** What a consumer asks to attach to. */
    record Request(
            Topic topic,
            SubscriptionType type,
            String clientId,
            String name,
            Selector selector,
            boolean noLocal,
            boolean temporary) {}

    private final DeliveryRuntime rt;
    private final SubscriptionStore store;
    private final Object lock = new Object();
    // guarded by lock
    private final Map<String, Entry> byKey = new HashMap<>();
    private final Map<Long, Subscription> persisted = new ConcurrentHashMap<>();
    private final Map<Long, Long> savedValidTo = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    SubscriptionManager(DeliveryRuntime rt, SubscriptionStore store) {
        this.rt = rt;
        this.store = store;
    }

    // ---- start-up ----

    /** Loads persisted subscriptions, replays the cursor log after their snapshots and starts them. */
    void recover() {
        SubscriptionRecovery recovery = new SubscriptionRecovery(rt, store);
        List<SubscriptionRecovery.Recovered> recovered = recovery.recover();
        nextId.set(Math.max(store.maxId(), recovery.maxIdInLog()) + 1);
        for (SubscriptionRecovery.Recovered r : recovered) {
            register(r.subscription(), r.validToOffset());
            r.subscription().start();
        }
    }

    // ---- attaching ----

    /**
     * Finds or creates the subscription {@code request} names and counts one more consumer on it.
     *
     * @throws SluiceProtocolException SUBSCRIPTION_IN_USE, ILLEGAL_STATE, UNKNOWN_TOPIC
     */
    Subscription attach(Request request) {
        synchronized (lock) {
            SubscriptionType type = request.type();
            String key =
                    SubscriptionDefinition.keyOf(type, request.topic().name(), request.clientId(), request.name(), 0);
            Entry entry = type == SubscriptionType.NON_DURABLE ? null : byKey.get(key);
            if (entry != null && !fits(entry, request)) {
                entry = null; // changed: the old one was deleted
            }
            if (entry == null) {
                entry = new Entry(create(request));
                byKey.put(entry.subscription.def.key(), entry);
            }
            entry.consumers++;
            return entry.subscription;
        }
    }

    /**
     * Whether the existing subscription can take the request as it is; deletes it when the request
     * changes it (allowed only while it has no consumers and nothing unsettled). Lock held.
     */
    private boolean fits(Entry entry, Request request) {
        SubscriptionDefinition def = entry.subscription.def;
        if (def.type() != request.type()) {
            throw new SluiceProtocolException(
                    ErrorCode.ILLEGAL_STATE,
                    "a " + def.describe() + " exists with that name; durable and shared durable subscriptions share"
                            + " one namespace");
        }
        if (def.type() == SubscriptionType.QUEUE) {
            return true;
        }
        if (def.type() == SubscriptionType.DURABLE && entry.consumers > 0) {
            throw new SluiceProtocolException(
                    ErrorCode.SUBSCRIPTION_IN_USE, def.describe() + " already has an active consumer");
        }
        boolean same = def.topic().equals(request.topic().name())
                && def.selector().equals(request.selector())
                && (def.type() != SubscriptionType.DURABLE || def.noLocal() == request.noLocal());
        if (same) {
            return true;
        }
        if (entry.consumers > 0) {
            throw new SluiceProtocolException(
                    ErrorCode.SUBSCRIPTION_IN_USE,
                    def.describe() + " has active consumers; it cannot change to topic '"
                            + request.topic().name() + "' with selector '"
                            + request.selector().text() + "'");
        }
        requireNothingUnsettled(entry.subscription);
        remove(entry.subscription);
        log.info("Replacing {}: its topic, selector or noLocal changed", def.describe());
        return false;
    }

    private Subscription create(Request request) {
        Topic topic = request.topic();
        Partition[] partitions = partitionsOf(topic);
        if (partitions == null) {
            throw new SluiceProtocolException(ErrorCode.UNKNOWN_TOPIC, "topic '" + topic.name() + "' was deleted");
        }
        SubscriptionType type = request.type();
        boolean persistent = type.isDurable() || (type == SubscriptionType.QUEUE && !request.temporary());
        long id = nextId.getAndIncrement();
        SubscriptionDefinition def = new SubscriptionDefinition(
                id,
                type,
                topic.name(),
                request.clientId(),
                request.name(),
                type == SubscriptionType.QUEUE ? Selector.MATCH_ALL : request.selector(),
                type != SubscriptionType.QUEUE && request.noLocal(),
                persistent);
        long[] starts = new long[partitions.length];
        for (int p = 0; p < partitions.length; p++) {
            starts[p] = type == SubscriptionType.QUEUE
                    ? partitions[p].log().logStartOffset()
                    : partitions[p].log().logEndOffset();
        }
        SubscriptionCheckpoint checkpoint = new SubscriptionCheckpoint(starts);
        long validTo = rt.cursorLog().highWatermark();
        if (persistent) {
            io.netty.buffer.ByteBuf buf = Unpooled.buffer();
            checkpoint.encode(buf);
            byte[] state = new byte[buf.readableBytes()];
            buf.readBytes(state);
            SubscriptionRecord record = new SubscriptionRecord(
                    id,
                    def.key(),
                    type.name(),
                    topic.name(),
                    def.clientId(),
                    def.name(),
                    def.selector().isMatchAll() && def.selector().text().isEmpty()
                            ? null
                            : def.selector().text(),
                    def.noLocal(),
                    rt.clock().millis());
            if (!store.insert(record, new SubscriptionStore.Snapshot(id, validTo, state), -1)) {
                throw new SluiceProtocolException(ErrorCode.SUBSCRIPTION_IN_USE, def.describe() + " already exists");
            }
        }
        Subscription sub = new Subscription(def, rt, partitions, checkpoint, validTo);
        if (persistent) {
            persisted.put(id, sub);
            savedValidTo.put(id, validTo);
        }
        sub.start();
        log.debug("Created {}", def.describe());
        return sub;
    }

    private void register(Subscription sub, long snapshotValidTo) {
        synchronized (lock) {
            byKey.put(sub.def.key(), new Entry(sub));
        }
        if (sub.def.persistent()) {
            persisted.put(sub.def.id(), sub);
            savedValidTo.put(sub.def.id(), snapshotValidTo);
        }
    }

    /** One consumer fewer; a subscription that ends with its last consumer is deleted. */
    void detached(Subscription sub) {
        synchronized (lock) {
            Entry entry = byKey.get(sub.def.key());
            if (entry == null || entry.subscription != sub) {
                if (sub.def.type() == SubscriptionType.NON_DURABLE) {
                    sub.close();
                }
                return;
            }
            entry.consumers = Math.max(0, entry.consumers - 1);
            if (entry.consumers == 0 && sub.def.endsWithLastConsumer()) {
                byKey.remove(sub.def.key());
                sub.close();
            }
        }
    }

    /**
     * Deletes a durable or shared durable subscription.
     *
     * @throws SluiceProtocolException UNKNOWN_SUBSCRIPTION, SUBSCRIPTION_IN_USE
     */
    void unsubscribe(String clientId, String name, java.util.function.Consumer<String> topicCheck) {
        synchronized (lock) {
            String key = SubscriptionDefinition.keyOf(SubscriptionType.DURABLE, "", clientId, name, 0);
            Entry entry = byKey.get(key);
            if (entry == null) {
                throw new SluiceProtocolException(
                        ErrorCode.UNKNOWN_SUBSCRIPTION,
                        "no durable subscription named '" + name + "'"
                                + (clientId == null ? " without a client id" : " for client id '" + clientId + "'"));
            }
            topicCheck.accept(entry.subscription.def.topic());
            if (entry.consumers > 0) {
                throw new SluiceProtocolException(
                        ErrorCode.SUBSCRIPTION_IN_USE, entry.subscription.def.describe() + " has an active consumer");
            }
            requireNothingUnsettled(entry.subscription);
            remove(entry.subscription);
        }
    }

    private void requireNothingUnsettled(Subscription sub) {
        int unsettled = await(sub.unsettledCount());
        if (unsettled > 0) {
            throw new SluiceProtocolException(
                    ErrorCode.SUBSCRIPTION_IN_USE,
                    sub.def.describe() + " has " + unsettled + " delivered messages that are not acknowledged yet");
        }
    }

    /** Deletes a subscription: registry, metadata store, actor. Lock held. */
    private void remove(Subscription sub) {
        byKey.remove(sub.def.key());
        if (sub.def.persistent()) {
            store.delete(sub.def.id());
            persisted.remove(sub.def.id());
            savedValidTo.remove(sub.def.id());
        }
        sub.close();
    }

    /** The topic was deleted: so are its subscriptions. */
    void topicDeleted(String topic) {
        synchronized (lock) {
            for (Entry e : new ArrayList<>(byKey.values())) {
                if (e.subscription.def.topic().equals(topic)) {
                    remove(e.subscription);
                }
            }
        }
    }

    /** The queue subscription of {@code queue}, creating it if needed (for browsing). */
    Subscription queueSubscription(Topic queue, boolean temporary) {
        synchronized (lock) {
            Entry entry = byKey.get(SubscriptionDefinition.keyOf(SubscriptionType.QUEUE, queue.name(), null, null, 0));
            if (entry == null) {
                entry = new Entry(create(
                        new Request(queue, SubscriptionType.QUEUE, null, null, Selector.MATCH_ALL, false, temporary)));
                byKey.put(entry.subscription.def.key(), entry);
            }
            return entry.subscription;
        }
    }

    // ---- operators' views ----

    /** The subscriptions of {@code topic}, by id. */
    List<Subscription> registered(String topic) {
        synchronized (lock) {
            List<Subscription> out = new ArrayList<>();
            for (Entry e : byKey.values()) {
                if (e.subscription.def.topic().equals(topic)) {
                    out.add(e.subscription);
                }
            }
            out.sort((a, b) -> Long.compare(a.def.id(), b.def.id()));
            return out;
        }
    }

    /** The queue subscription of {@code queue} if it exists, else null. */
    Subscription registeredQueue(String queue) {
        synchronized (lock) {
            Entry e = byKey.get(SubscriptionDefinition.keyOf(SubscriptionType.QUEUE, queue, null, null, 0));
            return e == null ? null : e.subscription;
        }
    }

    /** The subscription with this id, or null. */
    Subscription byId(long id) {
        synchronized (lock) {
            for (Entry e : byKey.values()) {
                if (e.subscription.def.id() == id) {
                    return e.subscription;
                }
            }
            return null;
        }
    }

    /** Per topic: {subscriptions, consumers}. */
    Map<String, int[]> countsByTopic() {
        synchronized (lock) {
            Map<String, int[]> counts = new HashMap<>();
            for (Entry e : byKey.values()) {
                int[] c = counts.computeIfAbsent(e.subscription.def.topic(), t -> new int[2]);
                c[0]++;
                c[1] += e.consumers;
            }
            return counts;
        }
    }

    /**
     * Deletes an idle durable or shared durable subscription, whatever its client id (an
     * operator's UNSUBSCRIBE).
     *
     * @throws SluiceProtocolException UNKNOWN_SUBSCRIPTION, INVALID_REQUEST (not durable),
     *     SUBSCRIPTION_IN_USE
     */
    void deleteById(long id) {
        synchronized (lock) {
            Entry entry = null;
            for (Entry e : byKey.values()) {
                if (e.subscription.def.id() == id) {
                    entry = e;
                }
            }
            if (entry == null) {
                throw new SluiceProtocolException(ErrorCode.UNKNOWN_SUBSCRIPTION, "no subscription with id " + id);
            }
            SubscriptionDefinition def = entry.subscription.def;
            if (!def.type().isDurable()) {
                throw new SluiceProtocolException(
                        ErrorCode.INVALID_REQUEST,
                        def.describe() + " is not durable: it ends with its consumers and cannot be deleted");
            }
            if (entry.consumers > 0) {
                throw new SluiceProtocolException(
                        ErrorCode.SUBSCRIPTION_IN_USE, def.describe() + " has an active consumer");
            }
            requireNothingUnsettled(entry.subscription);
            remove(entry.subscription);
            log.info("Deleted {} on an operator's request", def.describe());
        }
    }

    /** The persisted subscription with this id, or null. */
    Subscription persisted(long id) {
        return persisted.get(id);
    }

    /** Consumers attached to subscriptions of {@code topic}. */
    int consumersOf(String topic) {
        synchronized (lock) {
            int n = 0;
            for (Entry e : byKey.values()) {
                if (e.subscription.def.topic().equals(topic)) {
                    n += e.consumers;
                }
            }
            return n;
        }
    }

    // ---- snapshots ----

    /**
     * Snapshots every persisted subscription that changed (or whose snapshot lags far behind),
     * saves them in one durable transaction, then truncates the cursor log behind the oldest
     * snapshot and reclaims queue prefixes every consumer acknowledged.
     */
    void snapshotAll(boolean force) {
        long hw = rt.cursorLog().highWatermark();
        List<CompletableFuture<SnapshotState>> pending = new ArrayList<>();
        List<Subscription> subs = new ArrayList<>(persisted.values());
        for (Subscription s : subs) {
            boolean lagging = hw - savedValidTo.getOrDefault(s.def.id(), 0L) > IDLE_SNAPSHOT_LAG;
            pending.add(s.snapshot(force || lagging));
        }
        List<SubscriptionStore.Snapshot> toSave = new ArrayList<>();
        List<SnapshotState> states = new ArrayList<>();
        for (CompletableFuture<SnapshotState> f : pending) {
            SnapshotState state = await(f);
            if (state != null) {
                states.add(state);
                toSave.add(
                        new SubscriptionStore.Snapshot(state.subscriptionId(), state.validToOffset(), state.encoded()));
            }
        }
        store.saveSnapshots(toSave);
        for (SnapshotState state : states) {
            Subscription s = persisted.get(state.subscriptionId());
            if (s != null) {
                savedValidTo.put(state.subscriptionId(), state.validToOffset());
                s.snapshotSaved(state.validToOffset());
                if (s.def.type() == SubscriptionType.QUEUE) {
                    reclaim(s, state.checkpoint());
                }
            }
        }
        long oldestNeeded = hw;
        for (Long v : savedValidTo.values()) {
            oldestNeeded = Math.min(oldestNeeded, v);
        }
        rt.cursorLog().truncateBefore(oldestNeeded);
    }

    /** Deletes a queue's log segments that lie wholly below what its consumers acknowledged. */
    private static void reclaim(Subscription queue, SubscriptionCheckpoint durable) {
        for (int p = 0; p < queue.partitions.length; p++) {
            var partitionLog = queue.partitions[p].log();
            long start = Math.min(durable.partition(p).start(), partitionLog.highWatermark());
            try {
                partitionLog.advanceLogStartOffset(start);
            } catch (RuntimeException e) {
                log.debug("Cannot reclaim the prefix of {}: {}", partitionLog, e.toString());
            }
        }
    }

    /** Closes every subscription (broker shutdown). */
    void closeAll() {
        synchronized (lock) {
            for (Entry e : byKey.values()) {
                e.subscription.close();
            }
            byKey.clear();
        }
    }

    Partition[] partitionsOf(Topic topic) {
        return partitionsOf(rt, topic);
    }

    /** The partitions of a topic, or null if one of them is missing (the topic is being deleted). */
    static Partition[] partitionsOf(DeliveryRuntime rt, Topic topic) {
        Partition[] partitions = new Partition[topic.partitions()];
        for (int p = 0; p < partitions.length; p++) {
            Partition partition = rt.partitions().partition(topic.name(), p).orElse(null);
            if (partition == null) {
                return null;
            }
            partitions[p] = partition;
        }
        return partitions;
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceProtocolException(ErrorCode.REQUEST_TIMED_OUT, "interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(Objects.requireNonNullElse(e.getCause(), e));
        } catch (TimeoutException e) {
            throw new SluiceProtocolException(
                    ErrorCode.REQUEST_TIMED_OUT, "a subscription did not answer within " + QUERY_TIMEOUT_MS + " ms");
        }
    }
}
