package io.sluice.broker.meta;

import java.util.Map;

/**
 * A topic as the metadata store keeps it: name, partition count and the configuration values set
 * explicitly for it (defaults are not stored, so a changed broker default applies to every topic
 * that did not override it).
 *
 * @param configOverrides config key to value, as given at creation or by ALTER_TOPIC_CONFIG
 */
public record TopicRecord(String name, int partitions, Map<String, String> configOverrides, long createdAtMs) {
    public TopicRecord {
        configOverrides = Map.copyOf(configOverrides);
    }
}
