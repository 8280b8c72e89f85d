package io.sluice.broker.meta;

import java.util.Objects;

/**
 * A subscription as the metadata store keeps it: one that outlives its consumers (a queue's
 * subscription, a durable or shared durable subscription).
 *
 * <p>Immutable; thread-safe.
 *
 * @param id the broker-wide subscription id, also the key of its cursor-log records
 * @param key the identity that must be unique (e.g. a queue's name, or client id and name)
 * @param type {@code QUEUE}, {@code DURABLE} or {@code SHARED_DURABLE}
 * @param clientId the client id it belongs to, or null
 * @param name the subscription name, or null for a queue
 * @param selector the message selector text, or null
 */
public record SubscriptionRecord(
        long id,
        String key,
        String type,
        String topic,
        String clientId,
        String name,
        String selector,
        boolean noLocal,
        long createdAtMs) {
    public SubscriptionRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
    }
}
