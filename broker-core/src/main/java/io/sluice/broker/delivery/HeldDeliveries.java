package io.sluice.broker.delivery;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deliveries a committing transaction took out of its connection's ledger: from then on the
 * transaction alone decides what happens to them. It acknowledges them once the commit is decided
 * ({@link DeliveryService#acceptHeld}), or hands them back when the commit fails before that
 * ({@link DeliveryService#returnHeld}): to the ledger under their old ids while the connection is
 * open, else released as the connection's loss would have. Nothing else can release or redeliver
 * them meanwhile: closing the connection only releases what its ledger still holds.
 *
 * <p>Not thread-safe; built on the connection's event loop, then only read.
 */
public final class HeldDeliveries {
    /** A delivery of a persisted subscription, in terms that survive a restart. */
    public record DurableAck(long subscriptionId, int partition, long offset) {}

    private record Entry(long deliveryId, Subscription subscription, int index, int partition, long offset) {}

    private final DeliverySession session;
    private final List<Entry> entries = new ArrayList<>();

    HeldDeliveries(DeliverySession session) {
        this.session = session;
    }

    void add(long deliveryId, Subscription subscription, int index, int partition, long offset) {
        entries.add(new Entry(deliveryId, subscription, index, partition, offset));
    }

    DeliverySession session() {
        return session;
    }

    /** How many deliveries are held. */
    public int size() {
        return entries.size();
    }

    /**
     * The held deliveries of persisted subscriptions (queues, durable subscriptions): what a
     * recovery must acknowledge again. Deliveries of other subscriptions die with a crash anyway.
     */
    public List<DurableAck> durableAcks() {
        List<DurableAck> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.subscription().def.persistent()) {
                out.add(new DurableAck(e.subscription().def.id(), e.partition(), e.offset()));
            }
        }
        return out;
    }

    /** The positions by subscription, for settling. */
    Map<Subscription, SettleBatch> bySubscription() {
        Map<Subscription, SettleBatch> out = new IdentityHashMap<>();
        for (Entry e : entries) {
            out.computeIfAbsent(e.subscription(), s -> new SettleBatch()).add(e.partition(), e.offset());
        }
        return out;
    }

    /** Puts every delivery back into {@code ledger} under its old id. */
    void restoreInto(DeliveryLedger ledger) {
        for (Entry e : entries) {
            ledger.restore(e.deliveryId(), e.index(), e.partition(), e.offset());
        }
    }
}
