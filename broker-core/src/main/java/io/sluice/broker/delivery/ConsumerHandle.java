package io.sluice.broker.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A consumer id of a connection, from CREATE_CONSUMER until it is closed. Creating the consumer
 * takes a while (the destination or a durable subscription may have to be created first), so
 * FLOW and CLOSE_CONSUMER requests that arrive meanwhile wait here and run, in order, once it is
 * attached.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class ConsumerHandle {
    private final int consumerId;
    private Consumer consumer;
    private Subscription subscription;
    private List<BiConsumer<Consumer, Subscription>> waiting = new ArrayList<>();
    private boolean closed;

    ConsumerHandle(int consumerId) {
        this.consumerId = consumerId;
    }

    int consumerId() {
        return consumerId;
    }

    /** The attached consumer, or null while it is being created. */
    Consumer consumer() {
        return consumer;
    }

    Subscription subscription() {
        return subscription;
    }

    boolean isClosed() {
        return closed;
    }

    /** Runs {@code action} now if the consumer is attached, else once it is. */
    void whenAttached(BiConsumer<Consumer, Subscription> action) {
        if (consumer != null) {
            action.accept(consumer, subscription);
        } else if (waiting != null) {
            waiting.add(action);
        }
    }

    /** The consumer is attached: run what waited for it. */
    void attached(Consumer c, Subscription s) {
        this.consumer = c;
        this.subscription = s;
        List<BiConsumer<Consumer, Subscription>> actions = waiting;
        waiting = null;
        for (BiConsumer<Consumer, Subscription> a : actions) {
            a.accept(c, s);
        }
    }

    /** Creating the consumer failed: drop what waited. */
    void failed() {
        waiting = null;
        closed = true;
    }

    /**
     * Closes it: detaches the consumer from its subscription (now, or once attached).
     *
     * @return completes when the subscription has detached it
     */
    CompletableFuture<Void> close(DeliveryService service) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.complete(null);
            return done;
        }
        closed = true;
        whenAttached((c, s) -> service.detach(c, s).whenComplete((v, e) -> done.complete(null)));
        if (waiting == null && consumer == null) {
            done.complete(null);
        }
        return done;
    }
}
