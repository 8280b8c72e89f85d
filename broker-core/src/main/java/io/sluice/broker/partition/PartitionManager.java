package io.sluice.broker.partition;

import io.sluice.broker.log.FlushPolicy;
import io.sluice.broker.log.LogConfig;
import io.sluice.broker.log.LogManager;
import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.log.TopicPartition;
import io.sluice.broker.meta.ProducerSnapshotStore;
import io.sluice.broker.producer.ProducerIdManager;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicConfig;
import io.sluice.broker.topic.TopicManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker serves: keeps the storage engine's logs in step with the topics in the
 * metadata store (as their {@link TopicManager.TopicListener}), recovers each partition's producer
 * state at start and snapshots it periodically.
 *
 * <p>At start, a topic whose logs are missing (a crash between recording the topic and creating
 * its logs) gets them created, and logs of topics that no longer exist (a crash while deleting)
 * are deleted: the metadata store decides which topics exist, the logs hold their data.
 *
 * <p>Thread-safe.
 */
public final class PartitionManager implements TopicManager.TopicListener {
    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);

    private final LogManager logs;
    private final ProducerIdManager producerIds;
    private final ProducerSnapshotStore snapshots;
    private final Executor storage;
    private final Executor metadata;
    private final ScheduledExecutorService scheduler;
    private final int maxQueuedAppends;
    private final ConcurrentHashMap<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    public PartitionManager(
            LogManager logs,
            ProducerIdManager producerIds,
            ProducerSnapshotStore snapshots,
            Executor storage,
            Executor metadata,
            ScheduledExecutorService scheduler,
            int maxQueuedAppends) {
        this.logs = logs;
        this.producerIds = producerIds;
        this.snapshots = snapshots;
        this.storage = storage;
        this.metadata = metadata;
        this.scheduler = scheduler;
        this.maxQueuedAppends = maxQueuedAppends;
    }

    /** The storage settings of a topic's partitions. */
    public static LogConfig logConfig(TopicConfig config) {
        return LogConfig.builder()
                .segmentBytes(config.segmentBytes())
                .segmentMs(config.segmentMs())
                .retentionMs(config.retentionMs())
                .retentionBytes(config.retentionBytes())
                .maxBatchBytes(config.maxBatchBytes())
                .flushPolicy(FlushPolicy.valueOf(config.flushPolicy().toUpperCase(Locale.ROOT)))
                .flushLingerMs(config.flushLingerMs())
                .build();
    }

    /**
     * Opens the partitions of {@code topics} (creating missing logs), deletes logs of unknown
     * topics, and rebuilds each partition's producer state from its snapshot and the log.
     */
    public void open(Collection<Topic> topics) {
        Set<TopicPartition> expected = new HashSet<>();
        for (Topic topic : topics) {
            LogConfig config = logConfig(topic.config());
            for (int p = 0; p < topic.partitions(); p++) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                expected.add(tp);
                PartitionLog partitionLog = logs.getOrCreateLog(tp, config);
                partitionLog.updateConfig(config);
                Partition partition = newPartition(tp, partitionLog);
                Optional<ProducerSnapshotStore.Snapshot> snapshot = snapshots.load(tp.topic(), tp.partition());
                boolean used = partition.recoverProducerState(
                        snapshot.map(ProducerSnapshotStore.Snapshot::state).orElse(null),
                        snapshot.map(ProducerSnapshotStore.Snapshot::validToOffset)
                                .orElse(-1L));
                if (snapshot.isPresent() && !used) {
                    // It describes a log tail that is gone (lost in a power cut, say). Once the log
                    // grows past its offset again a later start would trust it, and take the new
                    // records' producers for the old ones: drop it before anything is appended.
                    log.warn(
                            "Discarding the producer snapshot of {} (valid to offset {}, the log ends at {}, or unreadable);"
                                    + " the producer state was rebuilt from the log",
                            tp,
                            snapshot.get().validToOffset(),
                            partitionLog.logEndOffset());
                    snapshots.delete(tp.topic(), tp.partition());
                }
                partitions.put(tp, partition);
            }
        }
        for (TopicPartition tp : logs.logs().keySet()) {
            if (!expected.contains(tp)) {
                log.info("Deleting the log of {}: its topic no longer exists", tp);
                logs.deleteLog(tp);
            }
        }
    }

    private Partition newPartition(TopicPartition tp, PartitionLog partitionLog) {
        return new Partition(
                tp,
                partitionLog,
                new PartitionWriter(tp.toString(), storage, maxQueuedAppends),
                producerIds,
                scheduler);
    }

    /** Starts snapshotting producer state every {@code intervalMs}. */
    public void startSnapshots(long intervalMs) {
        scheduler.scheduleWithFixedDelay(this::snapshotAll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void snapshotAll() {
        for (Partition p : partitions.values()) {
            p.snapshotIfChanged((validTo, state) -> {
                try {
                    metadata.execute(() -> saveSnapshot(p.id(), validTo, state));
                } catch (RuntimeException e) {
                    log.debug("Skipping the producer snapshot of {}: {}", p.id(), e.toString());
                }
            });
        }
    }

    private void saveSnapshot(TopicPartition tp, long validTo, byte[] state) {
        try {
            if (partitions.containsKey(tp)) {
                snapshots.save(tp.topic(), tp.partition(), validTo, state);
            }
        } catch (RuntimeException e) {
            log.warn("Saving the producer snapshot of {} failed; the log will be replayed instead", tp, e);
        }
    }

    /**
     * Writes every changed snapshot now, on the calling thread. For shutdown, after the executors
     * have stopped: no writer task can run concurrently.
     */
    public void snapshotAllNow() {
        for (Partition p : partitions.values()) {
            p.snapshotNow((validTo, state) -> saveSnapshot(p.id(), validTo, state));
        }
    }

    /** The partition, if its topic exists and has it. */
    public Optional<Partition> partition(String topic, int partition) {
        return Optional.ofNullable(partitions.get(new TopicPartition(topic, partition)));
    }

    @Override
    public void topicCreated(Topic topic) {
        LogConfig config = logConfig(topic.config());
        List<TopicPartition> created = new ArrayList<>();
        try {
            for (int p = 0; p < topic.partitions(); p++) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                PartitionLog partitionLog = logs.createLog(tp, config);
                created.add(tp);
                partitions.put(tp, newPartition(tp, partitionLog));
            }
        } catch (RuntimeException e) {
            for (TopicPartition tp : created) {
                partitions.remove(tp);
                try {
                    logs.deleteLog(tp);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    @Override
    public void topicDeleted(Topic topic) {
        for (int p = 0; p < topic.partitions(); p++) {
            TopicPartition tp = new TopicPartition(topic.name(), p);
            Partition partition = partitions.remove(tp);
            if (partition != null) {
                partition.markDeleted();
            }
            logs.deleteLog(tp);
        }
    }

    @Override
    public void topicConfigChanged(Topic topic) {
        LogConfig config = logConfig(topic.config());
        for (int p = 0; p < topic.partitions(); p++) {
            Partition partition = partitions.get(new TopicPartition(topic.name(), p));
            if (partition != null) {
                partition.log().updateConfig(config);
            }
        }
    }

    /** Every open partition, for tests and monitoring. */
    public Map<TopicPartition, Partition> partitions() {
        return Map.copyOf(partitions);
    }
}
