package io.sluice.broker.topic;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every per-topic configuration key, with its built-in default and the parser that validates a
 * value. The broker may override each default ({@code topic.default.<key>} in the broker
 * configuration). To add a key, add a constant here and document it in {@code
 * docs/configuration.md}; storage, the wire and validation pick it up from this table.
 *
 * <p>Immutable; thread-safe.
 */
public enum TopicConfigKey {
    /** "queue" (point-to-point) or "topic" (publish/subscribe); fixed at creation. */
    TYPE("type", "topic", TopicType::fromConfigValue),
    /** Delete a closed segment once its newest record is older than this; -1 = keep forever. */
    RETENTION_MS("retention.ms", "604800000", v -> parseLong(v, -1, Long.MAX_VALUE)),
    /** Delete the oldest closed segments while the partition is larger than this; -1 = no limit. */
    RETENTION_BYTES("retention.bytes", "-1", v -> parseLong(v, -1, Long.MAX_VALUE)),
    /** Roll to a new segment file at this size. */
    SEGMENT_BYTES("segment.bytes", "1073741824", v -> parseLong(v, 1024, Integer.MAX_VALUE)),
    /** Roll to a new segment when the active one is older than this. */
    SEGMENT_MS("segment.ms", "604800000", v -> parseLong(v, 1, Long.MAX_VALUE)),
    /** When appends are forced to disk: "always", "group" (group commit) or "os". */
    FLUSH_POLICY("flush.policy", "group", TopicConfigKey::parseFlushPolicy),
    /** With flush.policy=group: how long the flusher may wait to gather more appends into one fsync. */
    FLUSH_LINGER_MS("flush.linger.ms", "0", v -> parseLong(v, 0, 60_000)),
    /** Largest record batch a produce request may append, header included. */
    MAX_BATCH_BYTES("max.batch.bytes", "16777216", v -> parseLong(v, 57, Integer.MAX_VALUE)),
    /** Largest record (message) a produce request may append, length prefix included. */
    MAX_RECORD_BYTES("max.record.bytes", "8388608", v -> parseLong(v, 16, Integer.MAX_VALUE)),
    /** Most headers a record may have. */
    MAX_RECORD_HEADERS("max.record.headers", "1000", v -> parseLong(v, 0, Integer.MAX_VALUE)),
    /** Deliveries of a message before it is dead-lettered; 0 = unlimited. */
    MAX_DELIVERIES("max.deliveries", "10", v -> parseLong(v, 0, Integer.MAX_VALUE)),
    /** How long a released (recovered, rolled back) message waits before it is available again. */
    REDELIVERY_DELAY_MS("redelivery.delay.ms", "0", v -> parseLong(v, 0, 24L * 3600 * 1000)),
    /** Each further redelivery waits this many times longer than the previous one. */
    REDELIVERY_BACKOFF_MULTIPLIER("redelivery.backoff.multiplier", "1.0", v -> parseDouble(v, 1.0, 100.0)),
    /** Upper bound of the redelivery delay once the multiplier has grown it. */
    REDELIVERY_DELAY_MAX_MS("redelivery.delay.max.ms", "3600000", v -> parseLong(v, 0, 24L * 3600 * 1000)),
    /** The queue dead-lettered messages go to; empty = they are dropped (logged). */
    DEAD_LETTER_QUEUE("dead.letter.queue", "DLQ", TopicConfigKey::parseQueueName),
    /** The queue expired messages go to; empty = they are dropped. */
    EXPIRY_QUEUE("expiry.queue", "", TopicConfigKey::parseQueueName);

    private static final Map<String, TopicConfigKey> BY_KEY = new HashMap<>();

    static {
        for (TopicConfigKey key : values()) {
            BY_KEY.put(key.key, key);
        }
    }

    private final String key;
    private final String builtInDefault;
    private final Function<String, Object> parser;

    TopicConfigKey(String key, String builtInDefault, Function<String, Object> parser) {
        this.key = key;
        this.builtInDefault = builtInDefault;
        this.parser = parser;
    }

    /** The key as written in configuration maps, e.g. {@code "retention.ms"}. */
    public String key() {
        return key;
    }

    public String builtInDefault() {
        return builtInDefault;
    }

    /**
     * Parses and validates a value.
     *
     * @throws InvalidConfigException naming this key and the accepted range
     */
    public Object parse(String value) {
        if (value == null) {
            throw new InvalidConfigException(key, "config '" + key + "' must have a value");
        }
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key, "config '" + key + "': " + e.getMessage());
        }
    }

    /**
     * The key with this name.
     *
     * @throws InvalidConfigException if no such key exists
     */
    public static TopicConfigKey forKey(String key) {
        TopicConfigKey k = BY_KEY.get(key);
        if (k == null) {
            throw new InvalidConfigException(
                    key, "unknown topic config '" + key + "'; known keys are " + BY_KEY.keySet());
        }
        return k;
    }

    private static Long parseLong(String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(parsed + " is outside [" + min + ", " + max + "]");
        }
        return parsed;
    }

    private static Double parseDouble(String value, double min, double max) {
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw new IllegalArgumentException(parsed + " is outside [" + min + ", " + max + "]");
        }
        return parsed;
    }

    /** Empty (no queue) or a legal topic name. */
    private static String parseQueueName(String value) {
        if (value.isEmpty()) {
            return value;
        }
        try {
            return TopicNames.validate(value);
        } catch (InvalidTopicNameException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static String parseFlushPolicy(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("always") && !v.equals("group") && !v.equals("os")) {
            throw new IllegalArgumentException("must be 'always', 'group' or 'os', was '" + value + "'");
        }
        return v;
    }
}
