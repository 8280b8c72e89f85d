package io.sluice.jms;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a reconnecting connection needs to keep acknowledged messages from coming back to the
 * application: the identity (subscription, partition, offset) of every message pushed to it and not
 * yet settled, and the identities of messages the application acknowledged whose acknowledgement
 * the broker may not have applied - one-way or unanswered ACCEPTs at a loss, and ACCEPTs of
 * deliveries of a connection already lost. When such a message is pushed again on a later
 * connection (the broker released it with the old connection), it is accepted there without being
 * handed to the application ({@link DeliveryRouter}).
 *
 * <p>Remembered acknowledgements are forgotten when their copy arrives, after {@link
 * #REMEMBER_MS} (the broker then evidently had applied it, or redelivered it elsewhere), or oldest
 * first beyond {@link #MAX_REMEMBERED}.
 *
 * <p>Thread-safe: concurrent maps; entries move between them atomically per key.
 */
final class DeliveryIdentities {
    /** How long an unconfirmed acknowledgement is remembered. */
    static final long REMEMBER_MS = 10 * 60_000L;
    /** The most unconfirmed acknowledgements remembered. */
    static final int MAX_REMEMBERED = 200_000;

    /** A message under one subscription: the same identity on every connection. */
    record Identity(String subscription, int partition, long offset) {}

    private final Clock clock;
    private final Map<Long, Identity> held = new ConcurrentHashMap<>();
    /** Identity to the time it may be forgotten (ms). */
    private final Map<Identity, Long> acknowledged = new ConcurrentHashMap<>();

    DeliveryIdentities(Clock clock) {
        this.clock = clock;
    }

    /**
     * The subscription a consumer reads, as the broker names it: the same after a reconnect for
     * queues and durable and shared subscriptions; a non-durable subscription is new on every
     * connection, so its key names the connection epoch too.
     */
    static String subscriptionKey(ConsumerSpec spec, int consumerId, long epoch) {
        String topic = spec.destination().name();
        // The connection has one client id, so a name identifies a named subscription.
        return switch (spec.type()) {
            case QUEUE -> "queue:" + topic;
            case DURABLE -> "durable:" + spec.subscriptionName();
            case SHARED_DURABLE -> "shared-durable:" + spec.subscriptionName();
            case SHARED -> "shared:" + spec.subscriptionName();
            case NON_DURABLE -> "non-durable:" + consumerId + "@" + epoch;
        };
    }

    /** A message was pushed with this (tagged) delivery id. */
    void delivered(long deliveryId, Identity identity) {
        held.put(deliveryId, identity);
    }

    /** Deliveries were settled (or dropped): forgets them, returning the identities known. */
    List<Identity> settled(DeliveryIds ids) {
        List<Identity> out = new ArrayList<>(ids.size());
        ids.forEach(id -> {
            Identity i = held.remove(id);
            if (i != null) {
                out.add(i);
            }
        });
        return out;
    }

    /** These acknowledgements may not have reached the broker: their copies are to be accepted. */
    void acknowledgedUnconfirmed(Collection<Identity> identities) {
        if (identities.isEmpty()) {
            return;
        }
        long until = clock.millis() + REMEMBER_MS;
        for (Identity i : identities) {
            acknowledged.put(i, until);
        }
        if (acknowledged.size() > MAX_REMEMBERED) {
            trim();
        }
    }

    /** Whether {@code identity} was acknowledged already; if so it is forgotten now. */
    boolean takeAcknowledged(Identity identity) {
        if (acknowledged.isEmpty()) {
            return false;
        }
        Long until = acknowledged.remove(identity);
        return until != null && until >= clock.millis();
    }

    /** Forgets expired entries, then the oldest beyond the limit. */
    private synchronized void trim() {
        long now = clock.millis();
        acknowledged.values().removeIf(until -> until < now);
        Iterator<Map.Entry<Identity, Long>> it = acknowledged.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .toList()
                .iterator();
        while (acknowledged.size() > MAX_REMEMBERED && it.hasNext()) {
            acknowledged.remove(it.next().getKey());
        }
    }

    int rememberedCount() {
        return acknowledged.size();
    }

    int heldCount() {
        return held.size();
    }
}
