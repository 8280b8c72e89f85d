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

    /**
     * Looks at a consumer's pushed deliveries before it gets them (on the network thread) and
     * returns those it is to get: connection recovery remembers their identities and takes out copies
     * of messages the application acknowledged already.
     */
    interface Screen {
        List<Delivery> screen(SluiceMessageConsumer consumer, List<Delivery> deliveries);
    }

    private final Map<Integer, SluiceMessageConsumer> consumers = new ConcurrentHashMap<>();
    private final Consumer<List<Delivery>> orphans;
    private final Screen screen;

    DeliveryRouter(Consumer<List<Delivery>> orphans, Screen screen) {
        this.orphans = orphans;
        this.screen = screen;
    }

    /** Starts routing this client's pushes here. */
    void attach(SluiceClient client) {
        // Decoded on the network thread, where the connection epoch changes: the tag is exact.
        client.registerPushHandler(
                ApiKey.DELIVER, body -> decode(body, client.connectionEpoch()), Runnable::run, this::route);
    }

    private static Batch decode(ByteBuf body, long epoch) {
        DeliverPush push = DeliverPush.read(body);
        List<Delivery> copies = new ArrayList<>(push.messages().size());
        for (DeliverPush.Delivery d : push.messages()) {
            copies.add(Delivery.copyOf(d, epoch));
        }
        return new Batch(push.consumerId(), copies);
    }

    private void route(Batch batch) {
        SluiceMessageConsumer consumer = consumers.get(batch.consumerId());
        if (consumer == null) {
            orphans.accept(batch.deliveries());
            return;
        }
        List<Delivery> kept = screen == null ? batch.deliveries() : screen.screen(consumer, batch.deliveries());
        if (!kept.isEmpty()) {
            consumer.onDeliveries(kept);
        }
    }

    void register(int consumerId, SluiceMessageConsumer consumer) {
        consumers.put(consumerId, consumer);
    }

    void unregister(int consumerId) {
        consumers.remove(consumerId);
    }

    /**
     * Every registered consumer: from just before its CREATE_CONSUMER until it is closed, so also
     * one whose creation is still under way (connection recovery re-creates these).
     */
    List<SluiceMessageConsumer> registered() {
        return new ArrayList<>(consumers.values());
    }
}
