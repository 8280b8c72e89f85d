package io.sluice.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: a folder of {@link LogSegment}s holding record batches at increasing,
 * gapless offsets. This is the storage API the rest of the broker builds on.
 *
 * <h2>Offsets</h2>
 *
 * <pre>
 *   logStartOffset          highWatermark          logEndOffset
 *        |  readable records      |  written, not yet durable |
 *   -----[========================[==========================[----&gt;
 * </pre>
 *
 * <ul>
 *   <li>{@link #logEndOffset()}: the offset the next appended record gets.
 *   <li>{@link #highWatermark()}: the durable end of the log under its {@link FlushPolicy}. Reads
 *       never return records at or above it, so no reader ever sees an offset that a crash could
 *       take back and later assign to different data. With {@link FlushPolicy#OS} it equals the
 *       log end offset (that policy accepts the power-loss risk).
 *   <li>{@link #logStartOffset()}: the first readable offset; moved by retention and {@link
 *       #advanceLogStartOffset}.
 * </ul>
 *
 * <h2>Threads and locking</h2>
 *
 * <ul>
 *   <li>One lock, the append lock, serialises everything that changes the log: {@link #append},
 *       segment roll, retention, {@link #advanceLogStartOffset}, {@link #close}. It is never held
 *       during a group-commit fsync, so appends continue while the flusher forces earlier ones.
 *       Call {@code append} from a thread that may block on disk I/O (never a network event loop).
 *   <li>Reads ({@link #read}, {@link #slice}, {@link #offsetForTimestamp}) take no lock: they read
 *       the high watermark once (a volatile), find the segment in a concurrent map, take a
 *       reference on it, and use positional I/O below the high watermark's byte position.
 *   <li>Futures from {@link #awaitHighWatermark} and {@link HighWatermarkListener}s are completed
 *       and called on the log manager's notifier thread, except that a future whose offset is
 *       already below the high watermark completes at once on the calling thread.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class PartitionLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    private final TopicPartition partition;
    private final Path dir;
    private final LogContext context;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final HighWatermarkWaiters waiters;
    /** Replaced as a whole by {@link #updateConfig}; read once per operation. */
    private volatile LogConfig config;
    /** Written under the append lock, read by the flusher and by readers. */
    private volatile LogSegment activeSegment;
    /** The log end; written under the append lock after the bytes are in the file. */
    private volatile LogPosition endPosition;
    /** Only moves forward (compare-and-set); set by appends, the flusher and rolls. */
    private final AtomicReference<LogPosition> highWatermark = new AtomicReference<>();
    /** Written under the append lock; read lock-free by readers. */
    private volatile long logStartOffset;
    /** Offset below which every byte has been forced to disk; read by checkpoints. */
    private final AtomicLong recoveryPoint = new AtomicLong();
    /** Set once when a disk error leaves the log in an unknown state; appends fail fast after. */
    private volatile LogStorageException failure;
    /** Set under the append lock by {@link #close}. */
    private volatile boolean closed;
    /** True while a group-commit flush is queued or running, so there is at most one per log. */
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** The queued flush while it lingers, so {@link #awaitDurable} can start it at once; else null. */
    private volatile ScheduledFuture<?> lingeringFlush;
    /** Set by {@link #awaitDurable}: the next flush requested skips the linger. */
    private final AtomicBoolean flushUrgent = new AtomicBoolean();
    /** Counts fsyncs of this log's data files, for monitoring and benchmarks. */
    private final AtomicLong fsyncCount = new AtomicLong();

    private PartitionLog(TopicPartition partition, Path dir, LogConfig config, LogContext context) {
        this.partition = partition;
        this.dir = dir;
        this.config = config;
        this.context = context;
        this.waiters = new HighWatermarkWaiters(partition, this::highWatermark, context.notifier());
    }

    /**
     * Opens (creating if needed) the log in {@code dir} and recovers it as {@code info} requires.
     *
     * @throws LogStorageException if the folder cannot be read or holds damage recovery must not
     *     repair on its own
     */
    static PartitionLog open(
            TopicPartition partition, Path dir, LogConfig config, LogContext context, RecoveryInfo info) {
        PartitionLog log = new PartitionLog(partition, dir, config, context);
        List<LogSegment> loaded;
        try {
            loaded = new LogLoader(dir, partition, config, context.opener(), info).load();
        } catch (IOException e) {
            throw new LogStorageException("cannot open the log of " + partition, dir, e);
        }
        for (LogSegment s : loaded) {
            log.segments.put(s.baseOffset(), s);
        }
        LogSegment active = loaded.get(loaded.size() - 1);
        LogPosition end = new LogPosition(active.nextOffset(), active.baseOffset(), active.sizeInBytes());
        log.activeSegment = active;
        log.endPosition = end;
        log.highWatermark.set(end);
        log.recoveryPoint.set(end.offset());
        long start = Math.max(loaded.get(0).baseOffset(), Math.min(info.logStartOffset(), end.offset()));
        log.logStartOffset = loaded.get(0).baseOffset();
        log.advanceLogStartOffset(start);
        return log;
    }

    public TopicPartition partition() {
        return partition;
    }

    /** The partition's folder. */
    public Path directory() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /**
     * Replaces the settings; later appends, rolls and retention runs use them. A lower {@code
     * maxBatchBytes} also bounds what recovery accepts, so never set it below batches already stored.
     */
    public void updateConfig(LogConfig newConfig) {
        this.config = Objects.requireNonNull(newConfig, "newConfig");
    }

    /** The first offset a read may ask for. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** The durable, readable end: one past the last offset readers may see. */
    public long highWatermark() {
        return highWatermark.get().offset();
    }

    /** The offset the next appended record will get. */
    public long logEndOffset() {
        return endPosition.offset();
    }

    /** Bytes in all segments. */
    public long sizeInBytes() {
        long total = 0;
        for (LogSegment s : segments.values()) {
            total += s.sizeInBytes();
        }
        return total;
    }

    public int segmentCount() {
        return segments.size();
    }

    /**
     * The base offset of the segment holding {@code offset} (the active segment's for an offset at
     * or past the log end): moving the log start there deletes exactly the segments wholly below
     * {@code offset}. Lock-free.
     */
    public long segmentBaseOffsetOf(long offset) {
        Map.Entry<Long, LogSegment> e = segments.floorEntry(offset);
        return e == null ? logStartOffset : e.getKey();
    }

    /** Whether a disk error has stopped the log; appends then fail until it is reopened. */
    public boolean isFailed() {
        return failure != null;
    }

    /** How many times this log's data has been forced to disk since it was opened. */
    public long fsyncCount() {
        return fsyncCount.get();
    }

    /** Offset below which everything has been forced to disk; what the recovery checkpoint stores. */
    long recoveryPoint() {
        return recoveryPoint.get();
    }

    /** Base offsets of the segments, in order (for tests and tools). */
    List<Long> segmentBaseOffsets() {
        return new ArrayList<>(segments.keySet());
    }

    NavigableMap<Long, LogSegment> segmentsView() {
        return segments;
    }

    // ---- append ----

    /**
     * Appends {@code value} as the only record of a batch of its own (no key, no headers, no
     * producer), for the broker's internal logs. Does not take ownership of {@code value}.
     *
     * @return the record's offset
     */
    public long appendValue(ByteBuf value, long timestampMs) {
        RecordBatchBuilder builder = RecordBatchBuilder.plain(ByteBufAllocator.DEFAULT, value.readableBytes() + 96);
        ByteBuf batch;
        try {
            builder.append(timestampMs, (byte) 0, null, value, List.of());
            batch = builder.build();
        } catch (RuntimeException e) {
            builder.release();
            throw e;
        }
        try {
            return append(batch).lastOffset();
        } finally {
            batch.release();
        }
    }

    /**
     * Appends one or more record batches, back to back in the readable bytes of {@code records} (as
     * a producer sent them). Every batch is validated first; if any is invalid nothing is appended.
     * Offsets are then assigned by writing each batch's base offset in place (the CRC does not cover
     * it), and the same bytes are written to the active segment.
     *
     * <p>The caller keeps ownership of {@code records} (it is not released) and must not change it
     * during the call; its reader index is not moved. When this method returns the batches are
     * written but, under {@link FlushPolicy#GROUP}, not yet durable: use {@link #awaitHighWatermark}
     * with {@link AppendResult#lastOffset()} before acknowledging a persistent send.
     *
     * @throws InvalidRecordException if a batch is malformed, corrupt, empty, larger than {@code
     *     maxBatchBytes}, or the buffer is empty or ends inside a batch
     * @throws LogStorageException if the disk write failed; the log is then either back exactly as
     *     before the call, or {@linkplain #isFailed() failed}
     * @throws LogClosedException if the log is closed
     */
    public AppendResult append(ByteBuf records) {
        return append(records, RecordLimits.NONE);
    }

    /**
     * Appends like {@link #append(ByteBuf)}, refusing the whole call if a record breaks {@code
     * limits}.
     *
     * @throws RecordLimitException if a record is larger or has more headers than {@code limits}
     *     allow; nothing is appended
     */
    public AppendResult append(ByteBuf records, RecordLimits limits) {
        LogConfig cfg = config;
        List<RecordBatch> batches = validate(records, cfg.maxBatchBytes(), limits);
        int recordCount = 0;
        long offsetCount = 0;
        for (RecordBatch b : batches) {
            recordCount += b.recordCount();
            offsetCount += b.lastOffsetDelta() + 1L;
        }
        int bytes = records.readableBytes();
        AppendResult result;
        boolean advanced = false;
        appendLock.lock();
        try {
            ensureWritable();
            long now = context.clock().millis();
            long first = endPosition.offset();
            long last = first + offsetCount - 1;
            LogSegment segment = activeSegment;
            if (shouldRoll(segment, bytes, last, now, cfg)) {
                segment = roll();
            }
            long next = first;
            for (RecordBatch b : batches) {
                b.setBaseOffset(next);
                next = b.nextOffset();
            }
            LogSegment.Snapshot before = segment.snapshot();
            try {
                segment.append(records, batches, now);
            } catch (IOException | RuntimeException e) {
                throw undo(segment, before, e);
            }
            LogPosition end = new LogPosition(next, segment.baseOffset(), segment.sizeInBytes());
            endPosition = end;
            if (cfg.flushPolicy() == FlushPolicy.ALWAYS) {
                fsyncOrFail(segment);
                recoveryPoint.accumulateAndGet(end.offset(), Math::max);
                advanced = advanceHighWatermark(end);
            } else if (cfg.flushPolicy() == FlushPolicy.OS) {
                advanced = advanceHighWatermark(end);
            }
            result = new AppendResult(first, last, now, recordCount, bytes);
        } finally {
            appendLock.unlock();
        }
        if (cfg.flushPolicy() == FlushPolicy.GROUP) {
            requestFlush(cfg.flushLingerMs());
        }
        if (advanced) {
            waiters.highWatermarkAdvanced();
        }
        return result;
    }

    private static List<RecordBatch> validate(ByteBuf records, int maxBatchBytes, RecordLimits limits) {
        Objects.requireNonNull(records, "records");
        if (!records.isReadable()) {
            throw new InvalidRecordException("nothing to append: the buffer holds no batch");
        }
        ByteBuf view = records.duplicate();
        List<RecordBatch> batches = new ArrayList<>();
        while (view.isReadable()) {
            RecordBatch batch = RecordBatch.readFrom(view, maxBatchBytes);
            BatchValidator.validate(batch, limits.maxRecordBytes(), limits.maxRecordHeaders());
            batches.add(batch);
        }
        return batches;
    }

    private void ensureWritable() {
        if (closed) {
            throw new LogClosedException(partition);
        }
        LogStorageException f = failure;
        if (f != null) {
            throw new LogStorageException("the log of " + partition + " failed earlier and accepts no appends", dir, f);
        }
    }

    private boolean shouldRoll(LogSegment segment, int appendBytes, long lastOffset, long nowMs, LogConfig cfg) {
        if (segment.isEmpty()) {
            return false;
        }
        long size = segment.sizeInBytes();
        return size + appendBytes > cfg.segmentBytes()
                || size + appendBytes > Integer.MAX_VALUE
                || nowMs - segment.rollBaseMs() >= cfg.segmentMs()
                || lastOffset - segment.baseOffset() > Integer.MAX_VALUE;
    }

    /** Seals the active segment (forcing it to disk) and starts a new one. Append lock held. */
    private LogSegment roll() {
        LogSegment old = activeSegment;
        // A failed write (no space left, typically) is undone and leaves the log usable; only a
        // failed fsync fails the log.
        int timeEntries = old.timeIndex().entryCount();
        try {
            old.writeSealEntry();
        } catch (IOException e) {
            try {
                old.undoSealEntry(timeEntries);
            } catch (IOException | RuntimeException undo) {
                e.addSuppressed(undo);
                throw fail("cannot undo a partly written time index entry of segment " + old.baseOffset(), e);
            }
            throw new LogStorageException(
                    "cannot roll " + partition + ": the final time index entry of segment " + old.baseOffset()
                            + " could not be written; nothing was appended",
                    old.logPath(),
                    e);
        }
        try {
            old.fsyncAll();
        } catch (IOException e) {
            throw fail("cannot force segment " + old.baseOffset() + " to disk while rolling", e);
        }
        fsyncCount.incrementAndGet();
        LogPosition oldEnd = new LogPosition(old.nextOffset(), old.baseOffset(), old.sizeInBytes());
        recoveryPoint.accumulateAndGet(oldEnd.offset(), Math::max);
        if (advanceHighWatermark(oldEnd)) {
            waiters.highWatermarkAdvanced();
        }
        LogSegment next = LogSegment.open(dir, old.nextOffset(), context.opener(), config.indexIntervalBytes());
        try {
            ChannelIO.fsyncDirectory(dir);
        } catch (IOException e) {
            next.release();
            throw new LogStorageException("cannot force the new segment's folder entry to disk", dir, e);
        }
        segments.put(next.baseOffset(), next);
        activeSegment = next;
        endPosition = new LogPosition(next.baseOffset(), next.baseOffset(), 0);
        LOG.debug("{} rolled to segment {}", partition, next.baseOffset());
        return next;
    }

    private LogStorageException undo(LogSegment segment, LogSegment.Snapshot before, Exception cause) {
        try {
            segment.restore(before);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            return fail("append failed and the partial write could not be undone", cause);
        }
        return new LogStorageException(
                "append to " + partition + " failed; the segment was truncated back to offset " + before.nextOffset(),
                segment.logPath(),
                cause);
    }

    private void fsyncOrFail(LogSegment segment) {
        try {
            segment.fsync();
            fsyncCount.incrementAndGet();
        } catch (IOException e) {
            throw fail("cannot force segment " + segment.baseOffset() + " to disk", e);
        }
    }

    /**
     * Marks the log failed. After a failed fsync the page cache may no longer match the file, so the
     * data not yet durable can never be acknowledged; waiters beyond the high watermark fail.
     */
    private LogStorageException fail(String what, Throwable cause) {
        LogStorageException e = new LogStorageException("the log of " + partition + " failed: " + what, dir, cause);
        synchronized (this) {
            if (failure == null) {
                failure = e;
                LOG.error("{}", e.getMessage(), cause);
            }
        }
        waiters.terminate(failure);
        return e;
    }

    private boolean advanceHighWatermark(LogPosition to) {
        while (true) {
            LogPosition current = highWatermark.get();
            if (to.offset() <= current.offset()) {
                return false;
            }
            if (highWatermark.compareAndSet(current, to)) {
                return true;
            }
        }
    }

    // ---- group commit ----

    private void requestFlush(long lingerMs) {
        if (!flushQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            if (lingerMs > 0 && !flushUrgent.get()) {
                ScheduledFuture<?> lingering =
                        context.flushExecutor().schedule(this::groupFlush, lingerMs, TimeUnit.MILLISECONDS);
                lingeringFlush = lingering;
                // An awaitDurable between the check above and here found no future to start early.
                if (flushUrgent.get()) {
                    startLingeringFlushNow(lingering);
                }
            } else {
                context.flushExecutor().execute(this::groupFlush);
            }
        } catch (RejectedExecutionException e) {
            // Shutting down: close() forces everything that is still unflushed.
            flushQueued.set(false);
        }
    }

    /**
     * One group commit, on a flusher thread: forces the active segment up to the log end seen at the
     * start, then moves the high watermark there. Appends continue meanwhile and wait for the next
     * round, which is requested at once if anything is left unflushed.
     */
    void groupFlush() {
        lingeringFlush = null;
        // Cleared before the log end is read: an awaitDurable after this point either is covered by
        // this flush or finds the flag set when this flush requests the next one.
        flushUrgent.set(false);
        try {
            LogSegment segment;
            LogPosition target;
            appendLock.lock();
            try {
                if (closed || failure != null) {
                    return;
                }
                segment = activeSegment;
                target = endPosition;
            } finally {
                appendLock.unlock();
            }
            if (target.offset() <= highWatermark()) {
                return;
            }
            try {
                segment.fsync();
            } catch (IOException e) {
                if (!closed) {
                    fail("group commit fsync of segment " + segment.baseOffset() + " failed", e);
                }
                return;
            }
            fsyncCount.incrementAndGet();
            recoveryPoint.accumulateAndGet(target.offset(), Math::max);
            if (advanceHighWatermark(target)) {
                waiters.highWatermarkAdvanced();
            }
        } finally {
            flushQueued.set(false);
            if (!closed && failure == null && endPosition.offset() > highWatermark()) {
                requestFlush(flushUrgent.getAndSet(false) ? 0 : config.flushLingerMs());
            }
        }
    }

    // ---- waiting for the high watermark ----

    /**
     * A future that completes with the high watermark once it exceeds {@code offset}, that is once
     * {@code offset} is durable and readable. Use it both to acknowledge a persistent append (pass
     * {@link AppendResult#lastOffset()}) and for a long-polling fetch (pass the offset to be read;
     * cancel the future on timeout, which removes the waiter).
     *
     * <p>Completed on the notifier thread (dependent stages without an executor run there too, so
     * keep them short or use the {@code *Async} variants), or at once on the calling thread when
     * the offset is already below the high watermark. Completes exceptionally with {@link
     * LogStorageException} if the log fails first, or {@link LogClosedException} if it is closed
     * first.
     */
    public CompletableFuture<Long> awaitHighWatermark(long offset) {
        return waiters.await(offset);
    }

    /**
     * Like {@link #awaitHighWatermark}, for a caller that waits for its own append to become durable:
     * under {@link FlushPolicy#GROUP} with a linger, it also starts the group commit now instead of
     * after the linger. A log whose appends mostly need no prompt durability (the cursor log) can so
     * use a long linger - few fsyncs - while the appends someone waits for pay no linger.
     */
    public CompletableFuture<Long> awaitDurable(long offset) {
        CompletableFuture<Long> durable = waiters.await(offset);
        if (!durable.isDone() && config.flushPolicy() == FlushPolicy.GROUP && config.flushLingerMs() > 0) {
            flushUrgent.set(true);
            if (flushQueued.compareAndSet(false, true)) {
                runFlushNow();
            } else {
                // Queued: start it if it lingers; if it runs, it requests the next flush without linger.
                ScheduledFuture<?> lingering = lingeringFlush;
                if (lingering != null) {
                    startLingeringFlushNow(lingering);
                }
            }
        }
        return durable;
    }

    /** Cancels a lingering flush and runs it now instead; whoever cancels it runs it, once. */
    private void startLingeringFlushNow(ScheduledFuture<?> lingering) {
        if (lingering.cancel(false)) {
            runFlushNow();
        }
    }

    /** Runs the flush this thread owns ({@code flushQueued} is set) without linger. */
    private void runFlushNow() {
        try {
            context.flushExecutor().execute(this::groupFlush);
        } catch (RejectedExecutionException e) {
            // Shutting down: close() forces everything that is still unflushed.
            flushQueued.set(false);
        }
    }

    /** Calls {@code listener} on the notifier thread whenever the high watermark moves forward. */
    public void addHighWatermarkListener(HighWatermarkListener listener) {
        waiters.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeHighWatermarkListener(HighWatermarkListener listener) {
        waiters.removeListener(listener);
    }

    // ---- reads ----

    /**
     * Finds the whole batches starting with the one that holds {@code offset}, up to {@code maxBytes}
     * in total but at least one batch (even a larger one, so a consumer can never get stuck), never
     * beyond the high watermark or the end of the segment holding {@code offset}. The slice must be
     * {@linkplain LogSlice#close() closed}. An offset equal to the high watermark gives an empty
     * slice.
     *
     * @throws OffsetOutOfRangeException if {@code offset} is below the log start or above the high
     *     watermark
     * @throws LogStorageException if the segment cannot be read
     */
    public LogSlice slice(long offset, int maxBytes) {
        return LogReader.slice(this, offset, maxBytes);
    }

    /**
     * Like {@link #slice} but copies the batches into a buffer from {@code allocator}, ready to
     * parse or send. The caller releases the result.
     */
    public LogReadResult read(long offset, int maxBytes, ByteBufAllocator allocator) {
        try (LogSlice slice = slice(offset, maxBytes)) {
            ByteBuf bytes = slice.readBytes(allocator);
            return new LogReadResult(
                    bytes, slice.firstOffset(), slice.nextOffset(), slice.highWatermark(), slice.logStartOffset());
        }
    }

    /** {@link #read(long, int, ByteBufAllocator)} with Netty's default allocator. */
    public LogReadResult read(long offset, int maxBytes) {
        return read(offset, maxBytes, ByteBufAllocator.DEFAULT);
    }

    /**
     * The first offset in {@code [logStartOffset, highWatermark)} whose record timestamp is at
     * least {@code timestampMs}, or empty when no readable record is that recent.
     */
    public OptionalLong offsetForTimestamp(long timestampMs) {
        return LogReader.offsetForTimestamp(this, timestampMs);
    }

    LogPosition highWatermarkPosition() {
        return highWatermark.get();
    }

    // ---- retention and the log start ----

    /**
     * Moves the log start forward to {@code newStartOffset} and deletes every closed segment that
     * lies entirely below it. Offsets below the new start can no longer be read. Moving backwards is
     * ignored. The new start is persisted by the log manager's next checkpoint.
     *
     * @return the log start offset afterwards
     * @throws IllegalArgumentException if {@code newStartOffset} is above the high watermark
     */
    public long advanceLogStartOffset(long newStartOffset) {
        appendLock.lock();
        try {
            long hw = highWatermark();
            if (newStartOffset > hw) {
                throw new IllegalArgumentException("cannot move the log start of " + partition + " to " + newStartOffset
                        + ", beyond the high watermark " + hw);
            }
            if (newStartOffset <= logStartOffset) {
                return logStartOffset;
            }
            logStartOffset = newStartOffset;
            List<LogSegment> doomed = new ArrayList<>();
            for (LogSegment s : segments.values()) {
                if (s == activeSegment || s.nextOffset() > newStartOffset) {
                    break;
                }
                doomed.add(s);
            }
            deleteSegments(doomed);
            return logStartOffset;
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Applies retention now: deletes the oldest closed segments (never the active one, never one
     * reaching above the high watermark) while their newest record is older than {@code
     * retentionMs} by the log's clock, or while the log is larger than {@code retentionBytes}
     * without them. Deletes a prefix only: it stops at the first segment it must keep.
     *
     * @return the number of segments deleted
     */
    public int enforceRetention() {
        LogConfig cfg = config;
        appendLock.lock();
        try {
            if (closed) {
                return 0;
            }
            long now = context.clock().millis();
            long hw = highWatermark();
            long total = sizeInBytes();
            List<LogSegment> doomed = new ArrayList<>();
            for (LogSegment s : segments.values()) {
                if (s == activeSegment || s.nextOffset() > hw) {
                    break;
                }
                boolean expired = cfg.retentionMs() >= 0 && s.maxTimestampMs() < now - cfg.retentionMs();
                boolean oversized = cfg.retentionBytes() >= 0 && total - s.sizeInBytes() >= cfg.retentionBytes();
                if (!expired && !oversized) {
                    break;
                }
                doomed.add(s);
                total -= s.sizeInBytes();
            }
            if (!doomed.isEmpty()) {
                long newStart = doomed.get(doomed.size() - 1).nextOffset();
                logStartOffset = Math.max(logStartOffset, newStart);
                deleteSegments(doomed);
            }
            return doomed.size();
        } finally {
            appendLock.unlock();
        }
    }

    /** Unlinks segments after the log start has moved past them. Append lock held. */
    private void deleteSegments(List<LogSegment> doomed) {
        for (LogSegment s : doomed) {
            segments.remove(s.baseOffset());
            try {
                s.deleteFiles();
                LOG.info("{} deleted segment {} (log start offset now {})", partition, s.baseOffset(), logStartOffset);
            } catch (IOException e) {
                LOG.warn("{} could not delete the files of segment {}", partition, s.baseOffset(), e);
            }
        }
    }

    // ---- closing ----

    /**
     * Forces everything to disk and closes the log. Waiters whose offset became durable complete
     * normally; all others fail with {@link LogClosedException}. Readers holding slices keep them
     * until they close them. Idempotent.
     *
     * @throws LogStorageException if the final fsync failed (the log is closed anyway)
     */
    @Override
    public void close() {
        LogStorageException error = null;
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            if (failure == null) {
                try {
                    activeSegment.fsyncAll();
                    fsyncCount.incrementAndGet();
                    recoveryPoint.accumulateAndGet(endPosition.offset(), Math::max);
                    advanceHighWatermark(endPosition);
                } catch (IOException e) {
                    error = fail("final fsync on close failed", e);
                }
            }
            closed = true;
        } finally {
            appendLock.unlock();
        }
        waiters.terminate(new LogClosedException(partition));
        for (LogSegment s : segments.values()) {
            s.release();
        }
        if (error != null) {
            throw error;
        }
    }

    int waitersForTest() {
        return waiters.waiterCount();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "PartitionLog(" + partition + ", start " + logStartOffset + ", hw " + highWatermark() + ", end "
                + logEndOffset() + ")";
    }
}
