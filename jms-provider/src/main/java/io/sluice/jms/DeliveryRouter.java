package io.sluice.jms;

import io.netty.buffer.ByteBuf;
import io.sluice.client.SluiceClient;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.DeliverPush;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Receives the broker's DELIVER pushes for one connection and hands each batch to the consumer it
 * names. The frame is decoded and its records copied on the network thread (the frame is released
 * right after); the hand-off itself only appends to the consumer's prefetch buffer and never blocks,
 * so it also runs there. Deliveries for a consumer that is no longer registered (closed) still
 * belong to the connection and go to {@code orphans}, which releases them.
 *
 * <p>Thread-safe: registrations may change from any thread.
 */
final class DeliveryRouter {
    /** A DELIVER frame, its records copied. */
    record Batch(int consumerId, List<Delivery> deliveries) {}

    private final Map<Integer, SluiceMessageConsumer> consumers = new ConcurrentHashMap<>();
    private final Consumer<List<Delivery>> orphans;

    DeliveryRouter(Consumer<List<Delivery>> orphans) {
        this.orphans = orphans;
    }

    /** Starts routing this client's pushes here. */
    void attach(SluiceClient client) {
        client.registerPushHandler(ApiKey.DELIVER, DeliveryRouter::decode, Runnable::run, this::route);
    }

    private static Batch decode(ByteBuf body) {
        DeliverPush push = DeliverPush.read(body);
        List<Delivery> copies = new ArrayList<>(push.messages().size());
        for (DeliverPush.Delivery d : push.messages()) {
            copies.add(Delivery.copyOf(d));
        }
        return new Batch(push.consumerId(), copies);
    }

    private void route(Batch batch) {
        SluiceMessageConsumer consumer = consumers.get(batch.consumerId());
        if (consumer == null) {
            orphans.accept(batch.deliveries());
        } else {
            consumer.onDeliveries(batch.deliveries());
        }
    }

    void register(int consumerId, SluiceMessageConsumer consumer) {
        consumers.put(consumerId, consumer);
    }

    void unregister(int consumerId) {
        consumers.remove(consumerId);
    }
}
