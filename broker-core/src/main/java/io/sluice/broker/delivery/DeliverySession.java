package io.sluice.broker.delivery;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.DeliverPush;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The delivery side of one client connection: its consumers, the deliveries it has not settled
 * (the {@link DeliveryLedger}), its JMS client id, the temporary destinations it owns, and the
 * writing of DELIVER pushes to its channel.
 *
 * <p>Deliveries belong to the connection, not to a consumer: a JMS session may acknowledge
 * messages of a consumer it has closed, and when the connection goes away every delivery it holds
 * is released (counted as an attempt).
 *
 * <p>Not thread-safe: confined to the channel's event loop, except {@link #connectionId()}, {@link
 * #clientId()} and {@link #isClosed()}, which any thread may read. Subscriptions hand it pushes
 * through {@link #deliver}, which hops onto the event loop.
 */
public final class DeliverySession {
    /** Largest body of one DELIVER frame; a round's pushes to a consumer are split above it. */
    private static final int MAX_PUSH_FRAME_BYTES = 1024 * 1024;

    private final long connectionId;
    private final Channel channel;
    private final DeliveryService service;
    /** Written once on the event loop (handshake or SET_CLIENT_ID); read by subscriptions (noLocal). */
    private volatile String clientId;
    /** Set on the event loop when the channel closes; read by subscriptions to stop early. */
    private volatile boolean closed;

    private final Map<Integer, ConsumerHandle> consumers = new HashMap<>();
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final List<Subscription> subscriptionTable = new ArrayList<>();
    private final Map<Subscription, Integer> subscriptionIndex = new IdentityHashMap<>();
    private final Set<String> temporaries = new HashSet<>();
    private boolean used;

    DeliverySession(long connectionId, Channel channel, String handshakeClientId, DeliveryService service) {
        this.connectionId = connectionId;
        this.channel = channel;
        this.service = service;
        this.clientId = handshakeClientId;
        // Pushes stop while the channel is not writable; when it is again, the subscriptions of
        // this connection's consumers get a round to catch up.
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
                if (ctx.channel().isWritable()) {
                    writableAgain();
                }
                super.channelWritabilityChanged(ctx);
            }
        });
    }

    public long connectionId() {
        return connectionId;
    }

    /** The JMS client id, or null. */
    public String clientId() {
        return clientId;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Whether the connection's outbound buffer is below its high-water mark. Any thread. */
    boolean isWritable() {
        return channel.isWritable();
    }

    /** The channel drained its outbound buffer: consumers that waited for it may get pushes again. */
    private void writableAgain() {
        for (ConsumerHandle handle : consumers.values()) {
            Subscription subscription = handle.subscription();
            if (subscription != null) {
                subscription.requestRound();
            }
        }
    }

    /** The connection's event loop, to which everything about this session is confined. */
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** Whether the connection has created consumers or temporary destinations. */
    public boolean isUsed() {
        return used;
    }

    void markUsed() {
        used = true;
    }

    /** Sets the client id (SET_CLIENT_ID, after the server claimed it). Event loop only. */
    public void setClientId(String id) {
        this.clientId = id;
    }

    Map<Integer, ConsumerHandle> consumers() {
        return consumers;
    }

    Set<String> temporaries() {
        return temporaries;
    }

    /** Whether this connection created the temporary destination {@code name}. Event loop only. */
    public boolean ownsTemporary(String name) {
        return temporaries.contains(name);
    }

    /** Consumers of this connection, those still being created included. Event loop only. */
    public int consumerCount() {
        return consumers.size();
    }

    /** Temporary destinations this connection owns. Event loop only. */
    public int temporaryCount() {
        return temporaries.size();
    }

    int unsettledDeliveries() {
        return ledger.size();
    }

    /** Deliveries the connection holds and has not settled. Event loop only. */
    public int unsettledCount() {
        return ledger.size();
    }

    // ---- pushes ----

    /**
     * Hands pushes of {@code subscription} to this connection. Called from the subscription's
     * executor; the writing happens on the event loop. Pushes for a consumer that has closed, or a
     * connection that has, are released as never delivered.
     */
    void deliver(Subscription subscription, List<Push> pushes) {
        try {
            channel.eventLoop().execute(() -> write(subscription, pushes));
        } catch (RuntimeException e) {
            // The event loop is gone (broker shutdown): nobody will see these.
            releaseBuffers(pushes);
        }
    }

    private void write(Subscription subscription, List<Push> pushes) {
        SettleBatch undelivered = null;
        Map<Consumer, List<DeliverPush.Delivery>> byConsumer = new LinkedHashMap<>();
        int index = -1;
        for (Push push : pushes) {
            ConsumerHandle handle = consumers.get(push.consumer().consumerId);
            if (closed || handle == null || handle.consumer() != push.consumer() || !channel.isActive()) {
                if (undelivered == null) {
                    undelivered = new SettleBatch();
                }
                undelivered.add(push.partition(), push.offset());
                continue;
            }
            if (index < 0) {
                index = indexOf(subscription);
            }
            long id = ledger.add(index, push.partition(), push.offset());
            byConsumer
                    .computeIfAbsent(push.consumer(), c -> new ArrayList<>())
                    .add(new DeliverPush.Delivery(
                            id,
                            push.partition(),
                            push.deliveryCount(),
                            push.batchBaseOffset(),
                            push.batchFirstTimestamp(),
                            push.record()));
        }
        try {
            int pushed = 0;
            for (Map.Entry<Consumer, List<DeliverPush.Delivery>> e : byConsumer.entrySet()) {
                writeFrames(e.getKey().consumerId, e.getValue());
                pushed += e.getValue().size();
            }
            if (pushed > 0) {
                service.counters().delivered(subscription.def.topic(), pushed);
            }
            if (!byConsumer.isEmpty()) {
                channel.flush();
            }
        } finally {
            releaseBuffers(pushes);
        }
        if (undelivered != null) {
            subscription.settle(AckType.RELEASE_UNDELIVERED, undelivered, null);
        }
    }

    private void writeFrames(int consumerId, List<DeliverPush.Delivery> deliveries) {
        FrameHeader header = FrameHeader.push(ApiKey.DELIVER.id(), ApiKey.DELIVER.maxVersion());
        int from = 0;
        int bytes = 0;
        for (int i = 0; i < deliveries.size(); i++) {
            bytes += deliveries.get(i).record().readableBytes() + 40;
            if (bytes >= MAX_PUSH_FRAME_BYTES || i == deliveries.size() - 1) {
                DeliverPush push = new DeliverPush(consumerId, deliveries.subList(from, i + 1));
                channel.write(FrameWriter.encode(channel.alloc(), header, push), channel.voidPromise());
                from = i + 1;
                bytes = 0;
            }
        }
    }

    private static void releaseBuffers(List<Push> pushes) {
        for (Push p : pushes) {
            ReferenceCountUtil.safeRelease(p.record());
        }
    }

    private int indexOf(Subscription subscription) {
        Integer index = subscriptionIndex.get(subscription);
        if (index == null) {
            index = subscriptionTable.size();
            subscriptionTable.add(subscription);
            subscriptionIndex.put(subscription, index);
        }
        return index;
    }

    // ---- settlement ----

    /**
     * Settles the deliveries named by {@code request}; ids this connection does not hold are
     * ignored.
     *
     * @param durable whether the returned future should complete only once the outcome is durable
     */
    CompletableFuture<Void> settle(AckRequest request, boolean durable) {
        Map<Subscription, SettleBatch> bySubscription = new IdentityHashMap<>();
        for (AckRequest.Range r : request.ranges()) {
            ledger.removeRange(r.firstDeliveryId(), r.lastDeliveryId(), (id, sub, partition, offset) -> bySubscription
                    .computeIfAbsent(subscriptionTable.get(sub), s -> new SettleBatch())
                    .add(partition, offset));
        }
        List<CompletableFuture<Void>> pending = durable ? new ArrayList<>() : null;
        bySubscription.forEach((subscription, batch) -> {
            CompletableFuture<Void> done = durable ? new CompletableFuture<>() : null;
            subscription.settle(request.type(), batch, done);
            if (done != null) {
                pending.add(done);
            }
        });
        if (pending == null || pending.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    // ---- transactions ----

    /**
     * Takes the deliveries in {@code ranges} out of the ledger for a committing transaction, if
     * this connection holds every one of them; otherwise takes nothing.
     *
     * @throws SluiceProtocolException TRANSACTION_ROLLED_BACK if an id in a range is not held
     */
    HeldDeliveries hold(List<AckRequest.Range> ranges) {
        for (AckRequest.Range r : ranges) {
            long wanted = r.lastDeliveryId() - r.firstDeliveryId() + 1;
            long held = ledger.countRange(r.firstDeliveryId(), r.lastDeliveryId());
            if (held != wanted) {
                throw new SluiceProtocolException(
                        ErrorCode.TRANSACTION_ROLLED_BACK,
                        "the transaction acknowledges " + (wanted - held) + " deliveries in ["
                                + r.firstDeliveryId() + ", " + r.lastDeliveryId()
                                + "] that this connection does not hold (settled already, or delivered on an"
                                + " earlier connection); nothing was committed");
            }
        }
        HeldDeliveries out = new HeldDeliveries(this);
        for (AckRequest.Range r : ranges) {
            ledger.removeRange(
                    r.firstDeliveryId(),
                    r.lastDeliveryId(),
                    (id, sub, partition, offset) -> out.add(id, subscriptionTable.get(sub), sub, partition, offset));
        }
        return out;
    }

    /**
     * Takes back deliveries of a transaction that did not commit: into the ledger under their old
     * ids, or, if the connection has closed meanwhile, released (counted) as its loss released the
     * others.
     */
    void giveBack(HeldDeliveries held) {
        if (!closed) {
            held.restoreInto(ledger);
            return;
        }
        held.bySubscription().forEach((subscription, batch) -> subscription.settle(AckType.RELEASE, batch, null));
    }

    // ---- closing ----

    /** The channel closed: detach every consumer and release every unsettled delivery (counted). */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ConsumerHandle handle : new ArrayList<>(consumers.values())) {
            handle.close(service);
        }
        consumers.clear();
        Map<Subscription, SettleBatch> bySubscription = new IdentityHashMap<>();
        ledger.removeAll((id, sub, partition, offset) -> bySubscription
                .computeIfAbsent(subscriptionTable.get(sub), s -> new SettleBatch())
                .add(partition, offset));
        bySubscription.forEach((subscription, batch) -> subscription.settle(AckType.RELEASE, batch, null));
        subscriptionTable.clear();
        subscriptionIndex.clear();
        service.sessionClosed(this);
    }

    @Override
    public String toString() {
        return "DeliverySession(" + connectionId + (clientId == null ? "" : ", " + clientId) + ")";
    }
}
