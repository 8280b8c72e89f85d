package io.sluice.broker.topic;

import io.sluice.broker.meta.TopicRecord;
import io.sluice.broker.meta.TopicStore;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The topics of the broker: the durable record in the metadata store, an in-memory view for the
 * request path, and {@link TopicListener}s (the partition logs) kept in step.
 *
 * <p>Admin changes (create, delete, alter) are serialized by this object's lock and block on JDBC
 * and disk: run them on the metadata executor. Lookups ({@link #topic}, {@link #list}) read a
 * concurrent map and never block, so the produce and fetch paths may call them on any thread.
 *
 * <p>Thread-safe.
 */
public final class TopicManager {
    /** Told about topic changes after they are durable in the metadata store. */
    public interface TopicListener {
        /** The topic was created; create its partitions. A failure undoes the creation. */
        void topicCreated(Topic topic);

        /** The topic was deleted from the metadata store; drop its partitions. */
        void topicDeleted(Topic topic);

        /** The topic's configuration changed. */
        void topicConfigChanged(Topic topic);
    }

    private final TopicStore store;
    private final TopicConfig defaults;
    private final int defaultPartitions;
    private final int maxPartitions;
    private final Clock clock;
    private final ConcurrentSkipListMap<String, Topic> topics = new ConcurrentSkipListMap<>();
    /** Set once at start, before any admin change. */
    private volatile TopicListener listener = NO_LISTENER;

    private static final TopicListener NO_LISTENER = new TopicListener() {
        @Override
        public void topicCreated(Topic topic) {}

        @Override
        public void topicDeleted(Topic topic) {}

        @Override
        public void topicConfigChanged(Topic topic) {}
    };

    /** Loads every topic from the store. Topic overrides that a newer broker wrote are refused. */
    public TopicManager(TopicStore store, TopicConfig defaults, int defaultPartitions, int maxPartitions, Clock clock) {
        this.store = store;
        this.defaults = defaults;
        this.defaultPartitions = defaultPartitions;
        this.maxPartitions = maxPartitions;
        this.clock = clock;
        for (TopicRecord r : store.loadAll()) {
            topics.put(
                    r.name(),
                    new Topic(r.name(), r.partitions(), defaults.withOverrides(r.configOverrides()), r.createdAtMs()));
        }
    }

    public void setListener(TopicListener listener) {
        this.listener = listener;
    }

    /**
     * Creates a topic; durable when it returns.
     *
     * @param partitions the partition count, or -1 for the broker default
     * @throws InvalidTopicNameException, InvalidConfigException, TopicAlreadyExistsException
     */
    public synchronized Topic create(String name, int partitions, Map<String, String> configs) {
        TopicNames.validate(name);
        int count = partitions == -1 ? defaultPartitions : partitions;
        if (count < 1 || count > maxPartitions) {
            throw new InvalidConfigException(
                    null,
                    "partitions must lie in [1, " + maxPartitions + "] (or -1 for the default), was " + partitions);
        }
        TopicConfig config = defaults.withOverrides(configs);
        if (topics.containsKey(name)) {
            throw new TopicAlreadyExistsException(name);
        }
        Topic topic = new Topic(name, count, config, clock.millis());
        if (!store.insert(new TopicRecord(name, count, config.overrides(), topic.createdAtMs()))) {
            throw new TopicAlreadyExistsException(name);
        }
        try {
            listener.topicCreated(topic);
        } catch (RuntimeException e) {
            store.delete(name);
            throw e;
        }
        topics.put(name, topic);
        return topic;
    }

    /**
     * Deletes a topic with its data.
     *
     * @throws UnknownTopicException if there is no such topic
     */
    public synchronized void delete(String name) {
        Topic topic = topics.remove(name);
        if (topic == null) {
            throw new UnknownTopicException(name);
        }
        store.delete(name);
        listener.topicDeleted(topic);
    }

    /**
     * Changes a topic's configuration: all of it or nothing.
     *
     * @throws UnknownTopicException, InvalidConfigException
     */
    public synchronized Topic alter(String name, Map<String, String> set, Collection<String> reset) {
        Topic current = require(name);
        TopicConfig config = current.config().alter(set, reset);
        Topic altered = new Topic(name, current.partitions(), config, current.createdAtMs());
        if (!store.updateConfig(name, config.overrides())) {
            throw new UnknownTopicException(name);
        }
        topics.put(name, altered);
        listener.topicConfigChanged(altered);
        return altered;
    }

    public Optional<Topic> topic(String name) {
        return Optional.ofNullable(name == null ? null : topics.get(name));
    }

    /** @throws UnknownTopicException if there is no such topic */
    public Topic require(String name) {
        Topic topic = name == null ? null : topics.get(name);
        if (topic == null) {
            throw new UnknownTopicException(name);
        }
        return topic;
    }

    /** Topics whose names start with {@code prefix} (all for null or empty), in name order. */
    public List<Topic> list(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return List.copyOf(topics.values());
        }
        return topics.tailMap(prefix, true).values().stream()
                .takeWhile(t -> t.name().startsWith(prefix))
                .toList();
    }
}
