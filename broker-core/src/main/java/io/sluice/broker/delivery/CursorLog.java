package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.log.FlushPolicy;
import io.sluice.broker.log.LogConfig;
import io.sluice.broker.log.LogManager;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.log.TopicPartition;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The broker's internal log of cursor changes: one record per round of work of a persisted
 * subscription (its {@link CursorOps}), appended with the storage engine's group commit, so that
 * acknowledgements never cost a database transaction or an fsync of their own. It lives in its own
 * folder, {@code <dataDir>/delivery/logs/cursors-0}, with its own log manager (so the topic
 * bookkeeping of {@code <dataDir>/logs} never sees it).
 *
 * <p>Snapshots in the metadata store say from which offset each subscription's ops must be
 * replayed; segments wholly below the smallest such offset are deleted ({@link #truncateBefore}).
 *
 * <p>Thread-safe: appends are serialised by the partition log.
 */
final class CursorLog implements AutoCloseable {
    private static final TopicPartition PARTITION = new TopicPartition("cursors", 0);
    private static final int REPLAY_READ_BYTES = 4 * 1024 * 1024;

    /**
     * How long cursor changes nobody waits for (one-way acknowledgements, deliveries) may stay
     * unflushed. Every delivery round appends a record; forcing each at once cost one fsync per
     * round beside the topic logs' own, and on a journalling file system the two queue behind each
     * other, which doubled the time a synchronous send waits. Changes someone waits for ({@link
     * #awaitDurable}: ACKs sent as requests, moves) are forced at once.
     */
    static final long FLUSH_LINGER_MS = 100;

    private final LogManager manager;
    private final PartitionLog log;
    private final Clock clock;

    private CursorLog(LogManager manager, PartitionLog log, Clock clock) {
        this.manager = manager;
        this.log = log;
        this.clock = clock;
    }

    /** Opens (recovering if needed) the cursor log under {@code deliveryDir}. */
    static CursorLog open(Path deliveryDir, int segmentBytes, Clock clock) {
        LogConfig config = LogConfig.builder()
                .segmentBytes(segmentBytes)
                .segmentMs(60L * 60 * 1000)
                .retentionMs(-1)
                .retentionBytes(-1)
                .flushPolicy(FlushPolicy.GROUP)
                .flushLingerMs(FLUSH_LINGER_MS)
                .build();
        LogManager manager = LogManager.builder(deliveryDir)
                .clock(clock)
                .defaultConfig(config)
                .open();
        try {
            return new CursorLog(manager, manager.getOrCreateLog(PARTITION, config), clock);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Appends one encoded {@link CursorOps} value.
     *
     * @return its offset
     */
    long append(ByteBuf value) {
        return log.appendValue(value, clock.millis());
    }

    /**
     * Completes once everything up to and including {@code offset} is durable; starts the group
     * commit at once rather than after {@link #FLUSH_LINGER_MS}.
     */
    CompletableFuture<Long> awaitDurable(long offset) {
        return log.awaitDurable(offset);
    }

    /** The durable end: records below it survive any crash. */
    long highWatermark() {
        return log.highWatermark();
    }

    long startOffset() {
        return log.logStartOffset();
    }

    long endOffset() {
        return log.logEndOffset();
    }

    int segmentCount() {
        return log.segmentCount();
    }

    /** Hands every durable record from the log start on, in offset order, to {@code replay}. */
    void replay(Replay replay) {
        long offset = log.logStartOffset();
        while (offset < log.highWatermark()) {
            try (LogReadResult read = log.read(offset, REPLAY_READ_BYTES)) {
                if (read.isEmpty()) {
                    break;
                }
                ByteBuf bytes = read.records();
                while (bytes.isReadable()) {
                    RecordBatch batch = RecordBatch.readFrom(bytes, Integer.MAX_VALUE);
                    for (Record r : batch) {
                        if (r.offset() >= offset && r.value() != null) {
                            replay.accept(r.offset(), r.value());
                        }
                    }
                }
                offset = read.nextOffset();
            }
        }
    }

    /** Receives cursor-log records during replay. */
    @FunctionalInterface
    interface Replay {
        void accept(long offset, ByteBuf value);
    }

    /** Deletes segments wholly below {@code offset} (never beyond the durable end). */
    void truncateBefore(long offset) {
        log.advanceLogStartOffset(Math.min(offset, log.highWatermark()));
    }

    @Override
    public void close() {
        manager.close();
    }
}
