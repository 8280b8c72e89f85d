package io.sluice.broker.topic;

import java.util.Locale;

/**
 * What a topic stands for in JMS terms: a Queue (one shared subscription, point-to-point) or a
 * Topic (a subscription per subscriber, publish/subscribe). The log underneath is the same.
 */
public enum TopicType {
    QUEUE,
    TOPIC;

    /** The name used in configuration and on the wire: {@code "queue"} or {@code "topic"}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException unless the value is "queue" or "topic" */
    public static TopicType fromConfigValue(String value) {
        return switch (value) {
            case "queue" -> QUEUE;
            case "topic" -> TOPIC;
            default -> throw new IllegalArgumentException("must be 'queue' or 'topic', was '" + value + "'");
        };
    }
}
