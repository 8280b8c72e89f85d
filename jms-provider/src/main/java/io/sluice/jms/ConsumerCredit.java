package io.sluice.jms;

import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.FlowRequest;
import io.sluice.protocol.api.FlowResponse;
import jakarta.jms.JMSException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * The flow control of one consumer: grants credit (one-way FLOW) so that credit plus buffered
 * messages stay at the consumer's window, takes it back with drains (FLOW with drain, answered
 * after the pushes it caused), and pauses granting while a recover takes messages back.
 *
 * <p>Thread-safe; credit decisions are serialised by this object's monitor.
 */
final class ConsumerCredit {
    private final BrokerChannel channel;
    private final int consumerId;
    /** The epoch of a consumer not attached yet. */
    static final long NEVER_ATTACHED = Long.MIN_VALUE;

    private final PrefetchBuffer buffer;
    private final String description;
    /** Guarded by this: no credit is granted while a recover takes the consumer's messages back. */
    private boolean paused;
    /**
     * Guarded by this: the connection epoch the consumer is attached in; its frames are bound to it,
     * so credit granted on a lost connection is never sent on the next one.
     */
    private long epoch = NEVER_ATTACHED;

    ConsumerCredit(BrokerChannel channel, int consumerId, PrefetchBuffer buffer, String description) {
        this.channel = channel;
        this.consumerId = consumerId;
        this.buffer = buffer;
        this.description = description;
    }

    /**
     * Attaches the consumer on the connection of {@code epoch}: zeroes the credit, counts {@code
     * initialCredit} and sends CREATE_CONSUMER with {@code create} - inside this monitor, so no FLOW
     * of the consumer can overtake it.
     */
    synchronized <T> CompletableFuture<T> attach(
            long epoch, int initialCredit, LongFunction<CompletableFuture<T>> create) {
        buffer.creditDrained();
        this.epoch = epoch;
        buffer.granted(initialCredit);
        return create.apply(epoch);
    }

    synchronized long epoch() {
        return epoch;
    }

    /**
     * The connection was lost: the broker forgot the consumer and released what it pushed. Removes
     * the buffered messages (never handed over; they come back redelivered) and zeroes the credit.
     */
    synchronized List<Delivery> detach() {
        buffer.creditDrained();
        return buffer.drainAll();
    }

    /** FLOW with drain: the broker pushes what is available up to the credit, then zeroes it. */
    synchronized void drain(int addCredit) throws JMSException {
        buffer.granted(addCredit);
        channel.callAttached(
                "draining " + description,
                ApiKey.FLOW,
                new FlowRequest(consumerId, addCredit, true),
                FlowResponse::read,
                epoch);
        buffer.creditDrained();
    }

    /** One credit for a receive with prefetch 0, unless one is out or a message waits already. */
    synchronized void grantOne() {
        if (!paused && buffer.credit() == 0 && buffer.isEmpty()) {
            grant(1);
        }
    }

    /** Tops the credit up to {@code window} once half of it is used. */
    synchronized void replenish(int window) {
        if (window == 0 || paused) {
            return;
        }
        int shortfall = buffer.shortfall(window);
        if (shortfall > 0 && shortfall >= Math.max(1, window / 2)) {
            grant(shortfall);
        }
    }

    private void grant(int credit) {
        buffer.granted(credit);
        channel.sendOneWay(ApiKey.FLOW, new FlowRequest(consumerId, credit, false), epoch);
    }

    /**
     * Stops granting, drains the outstanding credit (unless {@code closed}) and removes every
     * buffered message, so that released messages come back before later ones.
     */
    synchronized List<Delivery> rewind(boolean closed) throws JMSException {
        paused = true;
        if (!closed && buffer.credit() > 0) {
            drain(0);
        }
        return buffer.drainAll();
    }

    synchronized void resume() {
        paused = false;
    }
}
