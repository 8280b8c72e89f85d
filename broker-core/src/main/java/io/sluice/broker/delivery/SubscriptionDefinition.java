package io.sluice.broker.delivery;

import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.selector.Selector;
import java.util.Locale;
import java.util.Objects;

/**
 * What a subscription is: its id, kind, topic and identity (client id and name), its selector and
 * noLocal flag, and whether its cursor is persisted (queues other than temporary ones, durable and
 * shared durable subscriptions).
 *
 * <p>Immutable; thread-safe.
 *
 * @param selector the subscription's selector (topic subscriptions); queues keep theirs per consumer
 */
record SubscriptionDefinition(
        long id,
        SubscriptionType type,
        String topic,
        String clientId,
        String name,
        Selector selector,
        boolean noLocal,
        boolean persistent) {

    SubscriptionDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topic, "topic");
        selector = selector == null ? Selector.MATCH_ALL : selector;
    }

    /** The registry key: unique among live subscriptions of its namespace. */
    String key() {
        return keyOf(type, topic, clientId, name, id);
    }

    static String keyOf(SubscriptionType type, String topic, String clientId, String name, long id) {
        return switch (type) {
            case QUEUE -> "Q:" + topic;
            case DURABLE, SHARED_DURABLE -> "D:" + scoped(clientId, name);
            case SHARED -> "S:" + scoped(clientId, name);
            case NON_DURABLE -> "N:" + id;
        };
    }

    private static String scoped(String clientId, String name) {
        return (clientId == null ? "-" : clientId.length() + ":" + clientId) + ":" + name;
    }

    /** Whether the subscription ends with its last consumer. */
    boolean endsWithLastConsumer() {
        return type == SubscriptionType.NON_DURABLE || type == SubscriptionType.SHARED;
    }

    /** Whether several consumers may share it. */
    boolean allowsManyConsumers() {
        return type == SubscriptionType.QUEUE || type.isShared();
    }

    /** A short description for messages and logs. */
    String describe() {
        return switch (type) {
            case QUEUE -> "queue '" + topic + "'";
            case NON_DURABLE -> "subscription " + id + " of topic '" + topic + "'";
            default ->
                type.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " subscription '" + name + "'"
                        + (clientId == null ? "" : " of client '" + clientId + "'") + " on topic '" + topic + "'";
        };
    }
}
