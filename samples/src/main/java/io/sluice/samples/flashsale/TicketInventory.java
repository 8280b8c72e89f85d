package io.sluice.samples.flashsale;

import java.util.HashMap;
import java.util.Map;

/**
 * The tickets of one sale, numbered 1 to the capacity. Granting is idempotent per buyer: a request
 * the broker redelivers (after a desk failed before acknowledging it) gets the ticket it already
 * got, never a second one. Stands in for the database row a real sale would lock.
 *
 * <p>Thread-safe: guarded by this.
 */
final class TicketInventory {
    /** What {@link #grant} returns when every ticket is gone. */
    static final int SOLD_OUT = 0;

    private final int capacity;
    private final Map<String, Integer> ticketByBuyer = new HashMap<>();
    private int sold;

    TicketInventory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** The buyer's ticket number (1..capacity), or {@link #SOLD_OUT}. */
    synchronized int grant(String buyerId) {
        Integer already = ticketByBuyer.get(buyerId);
        if (already != null) {
            return already;
        }
        if (sold == capacity) {
            return SOLD_OUT;
        }
        sold++;
        ticketByBuyer.put(buyerId, sold);
        return sold;
    }

    synchronized int sold() {
        return sold;
    }

    int capacity() {
        return capacity;
    }
}
