package io.sluice.broker.delivery;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which connection initialised each idempotent producer id (INIT_PRODUCER_ID), so that a noLocal
 * subscription can skip the batches its own connection produced: a batch carries its producer id
 * in the header, so the check costs one map lookup per batch and no decoding. Entries live as long
 * as their connection. Batches without a producer id are never considered local.
 *
 * <p>Thread-safe.
 */
public final class LocalProducers {
    private final ConcurrentHashMap<Long, DeliverySession> owners = new ConcurrentHashMap<>();

    /** Records that {@code session}'s connection initialised {@code producerId}. */
    public void register(long producerId, DeliverySession session) {
        owners.put(producerId, session);
    }

    /** The live connection that initialised {@code producerId}, or null. */
    DeliverySession owner(long producerId) {
        return producerId < 0 ? null : owners.get(producerId);
    }

    /**
     * Whether {@code producerId} is local to a noLocal subscription: initialised by a live
     * connection with the subscription's client id, or, for a subscription without one, by the
     * connection of one of its consumers.
     */
    boolean isLocal(long producerId, String clientId, Iterable<Consumer> consumers) {
        DeliverySession owner = owner(producerId);
        if (owner == null) {
            return false;
        }
        if (clientId != null) {
            return clientId.equals(owner.clientId());
        }
        for (Consumer c : consumers) {
            if (c.session == owner) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the producers of a closed connection. */
    void unregisterAll(DeliverySession session) {
        owners.values().removeIf(s -> s == session);
    }
}
