package io.sluice.broker.log;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one partition of a topic. Its {@link #directoryName()} is the partition's folder under
 * {@code <dataDir>/logs/}, so the topic name is restricted to characters that are safe in a file
 * name on every platform.
 *
 * <p>Immutable and thread-safe.
 *
 * @param topic 1 to 200 characters from {@code [A-Za-z0-9._-]}, not {@code "."} or {@code ".."}
 * @param partition zero or more
 */
public record TopicPartition(String topic, int partition) {
    /** Longest topic name; leaves room for {@code -<partition>} and suffixes in a 255-byte name. */
    public static final int MAX_TOPIC_LENGTH = 200;

    private static final Pattern LEGAL_TOPIC = Pattern.compile("[A-Za-z0-9._-]+");

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException(
                    "topic name must have 1 to " + MAX_TOPIC_LENGTH + " characters: '" + topic + "'");
        }
        if (!LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException(
                    "topic name may only contain ASCII letters, digits, '.', '_' and '-': '" + topic + "'");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0: " + partition);
        }
    }

    /** The folder name of this partition's log: {@code <topic>-<partition>}. */
    public String directoryName() {
        return topic + "-" + partition;
    }

    /**
     * Parses a folder name made by {@link #directoryName()}.
     *
     * @throws IllegalArgumentException if the name does not end in {@code -<partition>} or the topic
     *     part is not a legal topic name
     */
    public static TopicPartition fromDirectoryName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            throw new IllegalArgumentException("'" + name + "' is not a partition folder name (<topic>-<partition>)");
        }
        int partition;
        try {
            partition = Integer.parseInt(name.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' does not end in a partition number", e);
        }
        return new TopicPartition(name.substring(0, dash), partition);
    }

    @Override
    public String toString() {
        return directoryName();
    }
}
