package io.sluice.broker.delivery;

import io.sluice.protocol.selector.Selector;

/**
 * One consumer attached to a subscription: the connection it pushes to, its id there, its own
 * selector (consumers of a queue may each have one; a topic subscription's selector belongs to the
 * subscription) and its credit.
 *
 * <p>Not thread-safe: {@code credit}, {@code group} and the drain counters are confined to its
 * subscription's executor; the final fields are safe to read anywhere.
 */
final class Consumer {
    final DeliverySession session;
    final int consumerId;
    /** The consumer's own selector (queues), or {@link Selector#MATCH_ALL}. */
    final Selector selector;

    /** Messages the broker may still push to it. */
    int credit;
    /** Its selector group's bit in the window's match masks, or -1 when it takes everything. */
    int group = -1;
    /** Set once its connection knows it (after the CREATE_CONSUMER response); nothing is pushed before. */
    boolean active;
    /** Set once the subscription detached it; nothing is pushed to it afterwards. */
    boolean detached;
    /** Pushes counted for an ongoing drain. */
    int drained;

    Consumer(DeliverySession session, int consumerId, Selector selector, int credit) {
        this.session = session;
        this.consumerId = consumerId;
        this.selector = selector == null ? Selector.MATCH_ALL : selector;
        this.credit = credit;
    }

    /** Whether it may take a record matching {@code mask} now. */
    boolean accepts(long mask) {
        return canReceive() && (group < 0 || (mask & (1L << group)) != 0);
    }

    /**
     * Whether anything may be pushed to it now: active, with credit, and its connection not backed
     * up (a client that does not read costs the broker its outbound buffer, so pushes wait).
     */
    boolean canReceive() {
        return active && credit > 0 && session.isWritable();
    }

    @Override
    public String toString() {
        return "Consumer(" + session.connectionId() + "/" + consumerId + ")";
    }
}
