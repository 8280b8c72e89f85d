package io.sluice.broker.txn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.broker.log.FlushPolicy;
import io.sluice.broker.log.LogConfig;
import io.sluice.broker.log.LogManager;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.log.TopicPartition;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transaction journal: a partition log of its own, {@code <dataDir>/transactions/logs/txn-0},
 * with the storage engine's group commit. A transaction is decided when its COMMIT entry (the redo
 * record, see {@link JournalEntries}) is durable here; a DONE entry follows once its effects are
 * durable in the partitions and cursors. Entries are appended without waiting; callers wait for
 * durability with {@link #awaitDurable}.
 *
 * <p>The journal also keeps the table of latest committed transactions ({@link
 * TransactionOutcomes}), which it rebuilds on {@link #replay}. Segments are deleted by {@link
 * #clean} once every COMMIT in them is complete; an OUTCOMES entry carrying the table is written
 * first, so that the table survives the deletion.
 *
 * <p>Thread-safe: appends and the set of open COMMIT entries are guarded by this object's lock
 * (so that cleaning never sees an appended entry that is not registered yet); the log itself is
 * thread-safe.
 */
final class TransactionJournal implements AutoCloseable {
    static final TopicPartition PARTITION = new TopicPartition("txn", 0);
    /** Largest journal entry: bounds the biggest transaction the configuration allows, acks included. */
    static final int MAX_ENTRY_BYTES = 1 << 30;

    private static final int REPLAY_READ_BYTES = 4 * 1024 * 1024;
    private static final long DURABLE_WAIT_MS = 60_000;

    /** What replaying the journal found. */
    record Replayed(Map<Long, CommitRecord> pending, int entries) {}

    private final LogManager manager;
    private final PartitionLog log;
    private final Clock clock;
    private final TransactionOutcomes outcomes = new TransactionOutcomes();
    // guarded by this: offsets of COMMIT entries whose effects are not known to be durable
    private final TreeSet<Long> open = new TreeSet<>();

    private TransactionJournal(LogManager manager, PartitionLog log, Clock clock) {
        this.manager = manager;
        this.log = log;
        this.clock = clock;
    }

    /** Opens (recovering if needed) the journal under {@code transactionsDir}. */
    static TransactionJournal open(Path transactionsDir, int segmentBytes, Clock clock) {
        LogConfig config = LogConfig.builder()
                .segmentBytes(segmentBytes)
                .segmentMs(60L * 60 * 1000)
                .retentionMs(-1)
                .retentionBytes(-1)
                .maxBatchBytes(MAX_ENTRY_BYTES)
                .flushPolicy(FlushPolicy.GROUP)
                .build();
        LogManager manager = LogManager.builder(transactionsDir)
                .clock(clock)
                .defaultConfig(config)
                .open();
        try {
            return new TransactionJournal(manager, manager.getOrCreateLog(PARTITION, config), clock);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    TransactionOutcomes outcomes() {
        return outcomes;
    }

    /**
     * Appends the redo record of a transaction, registers it as open and records its outcome.
     *
     * @return its offset; the transaction is decided once this offset is durable
     */
    synchronized long appendCommit(CommitRecord commit) {
        ByteBuf value = JournalEntries.encodeCommit(commit, ByteBufAllocator.DEFAULT);
        long offset;
        try {
            offset = appendEntry(value);
        } finally {
            value.release();
        }
        open.add(offset);
        outcomes.record(commit.outcome());
        return offset;
    }

    /** Appends a DONE entry for COMMIT entries whose effects are durable, and closes them. */
    synchronized void appendDone(long[] commitOffsets) {
        ByteBuf value = JournalEntries.encodeDone(commitOffsets, ByteBufAllocator.DEFAULT);
        try {
            appendEntry(value);
        } finally {
            value.release();
        }
        for (long o : commitOffsets) {
            open.remove(o);
        }
    }

    /** Appends one entry value as a record of its own; returns its offset. Callers hold the lock. */
    long appendEntry(ByteBuf value) {
        return log.appendValue(value, clock.millis());
    }

    /** Completes once everything up to and including {@code offset} is durable. */
    CompletableFuture<Long> awaitDurable(long offset) {
        return log.awaitHighWatermark(offset);
    }

    /**
     * Reads every entry from the log start on: rebuilds the outcome table (forgetting outcomes
     * committed before {@code expireBeforeMs}) and returns the COMMIT entries without a DONE, in
     * journal order, registered as open. Call once, at start, before anything is appended.
     *
     * @throws InvalidRecordException naming the offset of a malformed
     *     entry: a decided transaction is never dropped silently
     */
    synchronized Replayed replay(long expireBeforeMs) {
        TreeMap<Long, CommitRecord> pending = new TreeMap<>();
        int[] entries = new int[1];
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
                            replayEntry(r.offset(), Unpooled.wrappedBuffer(ByteBufUtil.getBytes(r.value())), pending);
                            entries[0]++;
                        }
                    }
                }
                offset = read.nextOffset();
            }
        }
        outcomes.expire(expireBeforeMs);
        open.addAll(pending.keySet());
        return new Replayed(pending, entries[0]);
    }

    private void replayEntry(long offset, ByteBuf value, TreeMap<Long, CommitRecord> pending) {
        try {
            JournalEntries.decode(value, new JournalEntries.Handler() {
                @Override
                public void commit(CommitRecord commit) {
                    pending.put(offset, commit);
                    outcomes.record(commit.outcome());
                }

                @Override
                public void done(long[] commitOffsets) {
                    for (long o : commitOffsets) {
                        pending.remove(o);
                    }
                }

                @Override
                public void outcomes(List<TransactionOutcomes.Outcome> table) {
                    table.forEach(outcomes::record);
                }
            });
        } catch (RuntimeException e) {
            throw new InvalidRecordException("transaction journal entry at offset " + offset + " of " + log.directory()
                    + " is unreadable (" + e.getMessage() + "); refusing to start without it");
        }
    }

    /**
     * Deletes the segments no open transaction needs: those wholly below the oldest open COMMIT
     * entry (or the log end). Writes an OUTCOMES entry with the table first (forgetting outcomes
     * committed before {@code expireBeforeMs}) and waits until it is durable. Blocks.
     *
     * @return the number of segments deleted
     */
    int clean(long expireBeforeMs) {
        long target;
        long checkpoint;
        synchronized (this) {
            long firstNeeded = open.isEmpty() ? log.logEndOffset() : open.first();
            target = log.segmentBaseOffsetOf(firstNeeded);
            if (target <= log.logStartOffset()) {
                return 0;
            }
            outcomes.expire(expireBeforeMs);
            ByteBuf value = JournalEntries.encodeOutcomes(outcomes.snapshot(), ByteBufAllocator.DEFAULT);
            try {
                checkpoint = appendEntry(value);
            } finally {
                value.release();
            }
        }
        try {
            awaitDurable(checkpoint).get(DURABLE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the transaction journal's outcome table did not become durable", e);
        }
        int before = log.segmentCount();
        log.advanceLogStartOffset(target);
        return before - log.segmentCount();
    }

    synchronized int openCount() {
        return open.size();
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

    /** The COMMIT entries not closed yet, oldest first (for tests and logs). */
    synchronized List<Long> openOffsets() {
        return new ArrayList<>(open);
    }

    @Override
    public void close() {
        manager.close();
    }
}
