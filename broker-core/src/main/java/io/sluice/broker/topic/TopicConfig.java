package io.sluice.broker.topic;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration of one topic: the values set explicitly for it (its overrides, which is what
 * the metadata store keeps) on top of the broker's defaults. Every value is validated when the
 * config is built, so a {@code TopicConfig} never holds a bad value; the typed accessors cannot
 * fail.
 *
 * <p>Immutable; thread-safe.
 */
public final class TopicConfig {
    private final Map<TopicConfigKey, String> defaults;
    private final Map<TopicConfigKey, String> overrides;
    private final Map<TopicConfigKey, Object> effective;

    private TopicConfig(Map<TopicConfigKey, String> defaults, Map<TopicConfigKey, String> overrides) {
        this.defaults = Collections.unmodifiableMap(new EnumMap<>(defaults));
        this.overrides =
                overrides.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new EnumMap<>(overrides));
        Map<TopicConfigKey, Object> values = new EnumMap<>(TopicConfigKey.class);
        for (TopicConfigKey key : TopicConfigKey.values()) {
            values.put(key, key.parse(overrides.getOrDefault(key, defaults.get(key))));
        }
        this.effective = values;
    }

    /** The built-in defaults, with no broker overrides and no topic overrides. */
    public static TopicConfig builtInDefaults() {
        return brokerDefaults(Map.of());
    }

    /**
     * Defaults for every topic of a broker: the built-in defaults with the given keys replaced.
     *
     * @throws InvalidConfigException for an unknown key or a bad value
     */
    public static TopicConfig brokerDefaults(Map<String, String> brokerOverrides) {
        Map<TopicConfigKey, String> defaults = new EnumMap<>(TopicConfigKey.class);
        for (TopicConfigKey key : TopicConfigKey.values()) {
            defaults.put(key, key.builtInDefault());
        }
        defaults.putAll(parseKeys(brokerOverrides));
        return new TopicConfig(defaults, Map.of());
    }

    /**
     * A config with these topic-level overrides on top of this config's defaults (this config's own
     * overrides are not kept).
     *
     * @throws InvalidConfigException for an unknown key or a bad value
     */
    public TopicConfig withOverrides(Map<String, String> topicOverrides) {
        return new TopicConfig(defaults, parseKeys(topicOverrides == null ? Map.of() : topicOverrides));
    }

    /**
     * This config with {@code set} applied and the {@code reset} keys returned to the defaults. The
     * type of a topic cannot change.
     *
     * @throws InvalidConfigException for an unknown key, a bad value, a key both set and reset, or
     *     an attempt to change the type
     */
    public TopicConfig alter(Map<String, String> set, Collection<String> reset) {
        Map<TopicConfigKey, String> changes = parseKeys(set == null ? Map.of() : set);
        Map<TopicConfigKey, String> next = new EnumMap<>(TopicConfigKey.class);
        next.putAll(overrides);
        if (reset != null) {
            for (String name : reset) {
                TopicConfigKey key = TopicConfigKey.forKey(name);
                if (changes.containsKey(key)) {
                    throw new InvalidConfigException(name, "config '" + name + "' is both set and reset");
                }
                next.remove(key);
            }
        }
        next.putAll(changes);
        TopicConfig altered = new TopicConfig(defaults, next);
        if (altered.type() != type()) {
            throw new InvalidConfigException(
                    TopicConfigKey.TYPE.key(), "config 'type' cannot be changed after the topic is created");
        }
        return altered;
    }

    private static Map<TopicConfigKey, String> parseKeys(Map<String, String> raw) {
        Map<TopicConfigKey, String> parsed = new EnumMap<>(TopicConfigKey.class);
        for (Map.Entry<String, String> e : raw.entrySet()) {
            TopicConfigKey key = TopicConfigKey.forKey(e.getKey());
            key.parse(e.getValue());
            parsed.put(key, e.getValue().trim());
        }
        return parsed;
    }

    /** The values set for this topic, by key name: what the metadata store keeps. */
    public Map<String, String> overrides() {
        Map<String, String> out = new LinkedHashMap<>();
        overrides.forEach((k, v) -> out.put(k.key(), v));
        return out;
    }

    /** Every key with the value in force, defaults included, in declaration order. */
    public Map<String, String> effective() {
        Map<String, String> out = new LinkedHashMap<>();
        for (TopicConfigKey key : TopicConfigKey.values()) {
            out.put(key.key(), overrides.getOrDefault(key, defaults.get(key)));
        }
        return out;
    }

    public TopicType type() {
        return (TopicType) effective.get(TopicConfigKey.TYPE);
    }

    public long retentionMs() {
        return (Long) effective.get(TopicConfigKey.RETENTION_MS);
    }

    public long retentionBytes() {
        return (Long) effective.get(TopicConfigKey.RETENTION_BYTES);
    }

    public long segmentBytes() {
        return (Long) effective.get(TopicConfigKey.SEGMENT_BYTES);
    }

    public long segmentMs() {
        return (Long) effective.get(TopicConfigKey.SEGMENT_MS);
    }

    /** "always", "group" or "os". */
    public String flushPolicy() {
        return (String) effective.get(TopicConfigKey.FLUSH_POLICY);
    }

    public long flushLingerMs() {
        return (Long) effective.get(TopicConfigKey.FLUSH_LINGER_MS);
    }

    public int maxBatchBytes() {
        return ((Long) effective.get(TopicConfigKey.MAX_BATCH_BYTES)).intValue();
    }

    /** Largest record a produce request may append. */
    public int maxRecordBytes() {
        return ((Long) effective.get(TopicConfigKey.MAX_RECORD_BYTES)).intValue();
    }

    /** Most headers a record may have. */
    public int maxRecordHeaders() {
        return ((Long) effective.get(TopicConfigKey.MAX_RECORD_HEADERS)).intValue();
    }

    /** Deliveries of a message before it is dead-lettered; 0 = unlimited. */
    public int maxDeliveries() {
        return ((Long) effective.get(TopicConfigKey.MAX_DELIVERIES)).intValue();
    }

    public long redeliveryDelayMs() {
        return (Long) effective.get(TopicConfigKey.REDELIVERY_DELAY_MS);
    }

    public double redeliveryBackoffMultiplier() {
        return (Double) effective.get(TopicConfigKey.REDELIVERY_BACKOFF_MULTIPLIER);
    }

    public long redeliveryDelayMaxMs() {
        return (Long) effective.get(TopicConfigKey.REDELIVERY_DELAY_MAX_MS);
    }

    /** The dead-letter queue's name, or "" when dead-lettered messages are dropped. */
    public String deadLetterQueue() {
        return (String) effective.get(TopicConfigKey.DEAD_LETTER_QUEUE);
    }

    /** The expiry queue's name, or "" when expired messages are dropped. */
    public String expiryQueue() {
        return (String) effective.get(TopicConfigKey.EXPIRY_QUEUE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicConfig other && defaults.equals(other.defaults) && overrides.equals(other.overrides);
    }

    @Override
    public int hashCode() {
        return Objects.hash(defaults, overrides);
    }

    @Override
    public String toString() {
        return "TopicConfig" + overrides();
    }
}
