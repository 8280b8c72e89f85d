package io.sluice.broker.log;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment of a partition log: the {@code .log} file of stored batches, back to back exactly as
 * producers sent them (offsets assigned), with its sparse {@link OffsetIndex} and {@link TimeIndex}.
 * Files are named after the segment's base offset, 20 digits with leading zeros.
 *
 * <pre>
 * 00000000000000000000.log: batches, no file header
 * position  content
 * 0         batch with baseOffset = segment base offset (see RecordBatch for its layout)
 * s0        next batch, baseOffset = previous batch's last offset + 1
 * ...
 * size      end of the segment; only whole, valid batches lie before it
 * </pre>
 *
 * <p>Thread-safety: {@link #append}, {@link #restore}, {@link #recover}, {@link #seal} and {@link
 * #loadState} are confined to the partition's writer (the log's append lock). Reads ({@link
 * #findBatch}, {@link #batchBoundaryAtOrBefore}, {@link #readBytes}, {@link #findTimestamp}) are
 * lock-free and safe from any thread below a limit the caller got from the log's high watermark;
 * the state they read is published through volatile fields after the bytes are written.
 *
 * <p>Lifetime: the segment is reference counted. The owning log holds one reference; each reader
 * holding a {@link LogSlice} holds another. Deleting a segment unlinks its files at once; the
 * channels are closed when the last reference is released, so a reader can finish sending a slice
 * of a deleted segment (POSIX keeps an unlinked, open file readable).
 */
final class LogSegment {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    /** The largest timestamp of a segment that holds no batch. */
    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final long baseOffset;
    private final Path logPath;
    private final FileChannel channel;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;
    private final AtomicInteger references = new AtomicInteger(1);

    /** Bytes of whole batches in the file; written by the writer, read by readers. */
    private volatile int sizeBytes;
    /** Offset the next batch appended here gets; published with {@link #sizeBytes}. */
    private volatile long nextOffset;
    /** Largest record timestamp stored here, {@link #NO_TIMESTAMP} when empty. */
    private volatile long maxTimestampMs = NO_TIMESTAMP;
    /** Writer only: log bytes appended since the last index entry. */
    private int bytesSinceLastIndexEntry;
    /** Writer only: the time segment age is measured from. */
    private long rollBaseMs;
    /** Whether both index files were already there when the segment was opened. */
    private final boolean indexFilesExisted;

    /** What {@link #restore} needs to undo a failed append. */
    record Snapshot(
            int sizeBytes,
            long nextOffset,
            long maxTimestampMs,
            int bytesSinceLastIndexEntry,
            long rollBaseMs,
            int offsetIndexEntries,
            int timeIndexEntries) {}

    private LogSegment(long baseOffset, Path dir, FileOpener opener, int indexIntervalBytes) throws IOException {
        this.baseOffset = baseOffset;
        this.logPath = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        this.indexIntervalBytes = indexIntervalBytes;
        Path indexPath = dir.resolve(fileName(baseOffset, INDEX_SUFFIX));
        Path timeIndexPath = dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX));
        this.indexFilesExisted = Files.exists(indexPath) && Files.exists(timeIndexPath);
        this.channel =
                opener.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        OffsetIndex oi = null;
        try {
            oi = new OffsetIndex(indexPath, opener, baseOffset);
            this.timeIndex = new TimeIndex(timeIndexPath, opener, baseOffset);
        } catch (IOException | RuntimeException e) {
            closeQuietly(oi);
            closeQuietly(channel);
            throw e;
        }
        this.offsetIndex = oi;
        long size = channel.size();
        this.sizeBytes = (int) Math.min(size, Integer.MAX_VALUE);
        this.nextOffset = baseOffset;
    }

    /** Opens (creating if absent) the files of the segment with this base offset in {@code dir}. */
    static LogSegment open(Path dir, long baseOffset, FileOpener opener, int indexIntervalBytes) {
        try {
            return new LogSegment(baseOffset, dir, opener, indexIntervalBytes);
        } catch (IOException e) {
            throw new LogStorageException("cannot open segment " + baseOffset, dir, e);
        }
    }

    /** {@code <20-digit base offset><suffix>}. */
    static String fileName(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    long baseOffset() {
        return baseOffset;
    }

    Path logPath() {
        return logPath;
    }

    int sizeInBytes() {
        return sizeBytes;
    }

    long nextOffset() {
        return nextOffset;
    }

    long maxTimestampMs() {
        return maxTimestampMs;
    }

    FileChannel channel() {
        return channel;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    long rollBaseMs() {
        return rollBaseMs;
    }

    boolean isEmpty() {
        return sizeBytes == 0;
    }

    // ---- writer side ----

    Snapshot snapshot() {
        return new Snapshot(
                sizeBytes,
                nextOffset,
                maxTimestampMs,
                bytesSinceLastIndexEntry,
                rollBaseMs,
                offsetIndex.entryCount(),
                timeIndex.entryCount());
    }

    /** Undoes everything appended after {@code s} was taken: file bytes and index entries. */
    void restore(Snapshot s) throws IOException {
        channel.truncate(s.sizeBytes());
        offsetIndex.truncateToEntries(Math.min(s.offsetIndexEntries(), offsetIndex.entryCount()));
        timeIndex.truncateToEntries(Math.min(s.timeIndexEntries(), timeIndex.entryCount()));
        bytesSinceLastIndexEntry = s.bytesSinceLastIndexEntry();
        rollBaseMs = s.rollBaseMs();
        maxTimestampMs = s.maxTimestampMs();
        nextOffset = s.nextOffset();
        sizeBytes = s.sizeBytes();
    }

    /**
     * Writes the readable bytes of {@code records}, which hold exactly {@code batches} back to back
     * with offsets already assigned, at the end of the segment and indexes them. On an exception the
     * segment may hold part of the bytes; the caller {@link #restore restores} a snapshot.
     */
    void append(ByteBuf records, List<RecordBatch> batches, long nowMs) throws IOException {
        int start = sizeBytes;
        if (start == 0) {
            rollBaseMs = nowMs;
        }
        long position = start;
        for (ByteBuffer part : records.nioBuffers(records.readerIndex(), records.readableBytes())) {
            int n = part.remaining();
            ChannelIO.writeFully(channel, part, position);
            position += n;
        }
        long batchPosition = start;
        long maxTimestamp = maxTimestampMs;
        for (RecordBatch batch : batches) {
            maxTimestamp = indexBatch(
                    batch.baseOffset(), (int) batchPosition, batch.sizeInBytes(), batch.maxTimestamp(), maxTimestamp);
            batchPosition += batch.sizeInBytes();
        }
        RecordBatch last = batches.get(batches.size() - 1);
        maxTimestampMs = maxTimestamp;
        nextOffset = last.nextOffset();
        sizeBytes = (int) position;
    }

    /**
     * Adds index entries for one batch, by the same rule on append and on rebuild, so that a rebuilt
     * index is identical to the one written by appends. Returns the new largest timestamp.
     */
    private long indexBatch(long batchBaseOffset, int position, int batchBytes, long batchMaxTimestamp, long maxSoFar)
            throws IOException {
        if (bytesSinceLastIndexEntry >= indexIntervalBytes) {
            offsetIndex.append(batchBaseOffset, position);
            TimeIndex.Entry lastTime = timeIndex.lastEntry();
            if (maxSoFar != NO_TIMESTAMP && (lastTime == null || maxSoFar > lastTime.timestamp())) {
                timeIndex.append(maxSoFar, batchBaseOffset);
            }
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batchBytes;
        return Math.max(maxSoFar, batchMaxTimestamp);
    }

    /**
     * Closes the segment for appends: adds the final time index entry (largest timestamp, next
     * offset) and forces the log and both indexes to disk.
     */
    void seal() throws IOException {
        writeSealEntry();
        fsyncAll();
    }

    /**
     * Adds the final time index entry (largest timestamp, next offset) unless it is there already.
     * On an exception (no space left, say) the index may hold part of the entry: the caller takes
     * it back with {@link #undoSealEntry}.
     */
    void writeSealEntry() throws IOException {
        TimeIndex.Entry lastTime = timeIndex.lastEntry();
        if (sizeBytes > 0 && (lastTime == null || lastTime.offset() < nextOffset)) {
            long timestamp = Math.max(maxTimestampMs, lastTime == null ? maxTimestampMs : lastTime.timestamp());
            timeIndex.append(timestamp, nextOffset);
        }
    }

    /** Takes back a final time index entry whose write failed. */
    void undoSealEntry(int entriesBefore) throws IOException {
        timeIndex.truncateToEntries(Math.min(entriesBefore, timeIndex.entryCount()));
    }

    /** Forces the log file's data to disk (fdatasync); the indexes are left to the OS. */
    void fsync() throws IOException {
        channel.force(false);
    }

    /** Forces the log and both index files to disk. */
    void fsyncAll() throws IOException {
        channel.force(false);
        offsetIndex.fsync();
        timeIndex.fsync();
    }

    /**
     * Re-reads every batch from the start, validating each ({@link BatchValidator}, offsets
     * following on from {@code baseOffset}), truncates the file at the first invalid byte and
     * rebuilds both indexes from the valid batches.
     *
     * @return what was kept and what was cut off
     */
    RecoveryOutcome recover(int maxBatchBytes) throws IOException {
        offsetIndex.truncateToEntries(0);
        timeIndex.truncateToEntries(0);
        bytesSinceLastIndexEntry = 0;
        long fileSize = channel.size();
        SegmentValidator validator = new SegmentValidator(channel, logPath, baseOffset, maxBatchBytes, fileSize);
        long maxTimestamp = NO_TIMESTAMP;
        long expectedNext = baseOffset;
        boolean first = true;
        for (BatchHeader h = validator.next(); h != null; h = validator.next()) {
            maxTimestamp =
                    indexBatch(h.baseOffset(), (int) h.position(), h.sizeInBytes(), h.maxTimestampMs(), maxTimestamp);
            if (first) {
                rollBaseMs = h.maxTimestampMs();
                first = false;
            }
            expectedNext = h.nextOffset();
        }
        long validBytes = validator.validBytes();
        if (validBytes < fileSize) {
            channel.truncate(validBytes);
        }
        maxTimestampMs = maxTimestamp;
        nextOffset = expectedNext;
        sizeBytes = (int) validBytes;
        return new RecoveryOutcome(validBytes, fileSize - validBytes, expectedNext, validator.problem());
    }

    /**
     * What {@link #recover} found.
     *
     * @param validBytes bytes kept
     * @param truncatedBytes bytes cut off after them
     * @param nextOffset the segment's next offset after recovery
     * @param problem why validation stopped before the end of the file, or null
     */
    record RecoveryOutcome(long validBytes, long truncatedBytes, long nextOffset, String problem) {}

    /**
     * Sets the in-memory state of a segment whose files are trusted (clean shutdown, or below the
     * recovery point) from its indexes and a scan of the batch headers after the last index entry.
     * For a sealed segment pass its known next offset; for the last segment pass -1.
     *
     * @return a description of an inconsistency between the indexes and the log, or null
     */
    String loadState(long knownNextOffset) throws IOException {
        if (!indexFilesExisted && sizeBytes > 0) {
            return "an index file is missing";
        }
        String problem = offsetIndex.sanityProblem(sizeBytes);
        if (problem != null) {
            return "offset index " + problem;
        }
        long maxRelative = (knownNextOffset >= 0 ? knownNextOffset : Long.MAX_VALUE) - baseOffset;
        problem = timeIndex.sanityProblem(Math.min(maxRelative, Integer.MAX_VALUE));
        if (problem != null) {
            return "time index " + problem;
        }
        OffsetIndex.Entry lastEntry = offsetIndex.lastEntry();
        long scanFrom = lastEntry == null ? 0 : lastEntry.position();
        BatchHeaderReader reader = new BatchHeaderReader(channel, logPath, sizeBytes);
        long next = baseOffset;
        long maxTimestamp = NO_TIMESTAMP;
        TimeIndex.Entry lastTime = timeIndex.lastEntry();
        long timeScanFrom = lastTime == null ? baseOffset : lastTime.offset();
        if (timeScanFrom < (lastEntry == null ? baseOffset : lastEntry.offset())) {
            scanFrom = findBatchPosition(timeScanFrom, reader);
        }
        BatchHeader firstHeader = sizeBytes == 0 ? null : reader.readAt(0);
        if (firstHeader != null && firstHeader.baseOffset() != baseOffset) {
            return "first batch has base offset " + firstHeader.baseOffset();
        }
        if (lastEntry != null) {
            BatchHeader atEntry = reader.readAt(lastEntry.position());
            if (atEntry == null || atEntry.baseOffset() != lastEntry.offset()) {
                return "offset index entry " + lastEntry + " does not point at that batch";
            }
        }
        long lastEntryPosition = lastEntry == null ? 0 : lastEntry.position();
        for (BatchHeader h = reader.readAt(scanFrom); h != null; h = reader.readAt(h.endPosition())) {
            if (h.position() > scanFrom && h.baseOffset() != next) {
                return "batch at position " + h.position() + " has base offset " + h.baseOffset() + ", expected "
                        + next;
            }
            if (h.position() > lastEntryPosition && h.position() - lastEntryPosition >= indexIntervalBytes) {
                return "offset index lacks an entry for the batch at position " + h.position();
            }
            next = h.nextOffset();
            maxTimestamp = Math.max(maxTimestamp, h.maxTimestampMs());
        }
        if (lastTime != null) {
            if (lastTime.offset() > next) {
                return "time index entry " + lastTime + " lies beyond the segment's end offset " + next;
            }
            maxTimestamp = Math.max(maxTimestamp, lastTime.timestamp());
        }
        if (knownNextOffset >= 0 && sizeBytes > 0 && next != knownNextOffset) {
            return "segment ends at offset " + next + " but the next segment starts at " + knownNextOffset;
        }
        if (knownNextOffset >= 0 && sizeBytes > 0 && (lastTime == null || lastTime.offset() != knownNextOffset)) {
            return "time index lacks its final entry";
        }
        nextOffset = sizeBytes == 0 ? baseOffset : next;
        maxTimestampMs = maxTimestamp;
        bytesSinceLastIndexEntry = sizeBytes - (lastEntry == null ? 0 : lastEntry.position());
        rollBaseMs = firstHeader == null ? 0 : firstHeader.maxTimestampMs();
        return null;
    }

    private long findBatchPosition(long offset, BatchHeaderReader reader) throws IOException {
        long position = offsetIndex.lookup(offset).position();
        for (BatchHeader h = reader.readAt(position); h != null; h = reader.readAt(h.endPosition())) {
            if (h.lastOffset() >= offset) {
                return h.position();
            }
        }
        return sizeBytes;
    }

    // ---- reader side ----

    /**
     * The header of the batch holding {@code offset}, or null when no batch below {@code
     * limitPosition} holds it.
     */
    BatchHeader findBatch(long offset, long limitPosition) throws IOException {
        BatchHeaderReader reader = new BatchHeaderReader(channel, logPath, limitPosition);
        long position = offsetIndex.lookup(offset).position();
        for (BatchHeader h = reader.readAt(position); h != null; h = reader.readAt(h.endPosition())) {
            if (h.lastOffset() >= offset) {
                return h;
            }
        }
        return null;
    }

    /**
     * The largest batch boundary in {@code [fromPosition, targetEnd]}, where {@code fromPosition} is
     * itself a boundary; {@code limitPosition} when {@code targetEnd} reaches it.
     */
    long batchBoundaryAtOrBefore(long fromPosition, long targetEnd, long limitPosition) throws IOException {
        if (targetEnd >= limitPosition) {
            return limitPosition;
        }
        if (targetEnd <= fromPosition) {
            return fromPosition;
        }
        long position =
                Math.max(fromPosition, offsetIndex.lookupByPosition(targetEnd).position());
        BatchHeaderReader reader = new BatchHeaderReader(channel, logPath, limitPosition);
        for (BatchHeader h = reader.readAt(position); h != null; h = reader.readAt(h.endPosition())) {
            if (h.endPosition() > targetEnd) {
                return h.position();
            }
        }
        return limitPosition;
    }

    /** Copies {@code length} bytes from {@code position} into {@code dst}. */
    void readBytes(ByteBuf dst, long position, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = dst.writeBytes(channel, position + done, length - done);
            if (n < 0) {
                throw new LogStorageException("segment ends before position " + (position + length), logPath);
            }
            done += n;
        }
    }

    /**
     * The first offset at or above {@code minOffset} whose record timestamp is at least {@code
     * targetMs}, among batches below {@code limitPosition}; -1 when there is none.
     */
    long findTimestamp(long targetMs, long minOffset, long limitPosition, int maxBatchBytes) throws IOException {
        if (maxTimestampMs < targetMs) {
            return -1;
        }
        long start = Math.max(timeIndex.scanStartFor(targetMs), minOffset);
        BatchHeader h = findBatch(start, limitPosition);
        BatchHeaderReader reader = new BatchHeaderReader(channel, logPath, limitPosition);
        for (; h != null; h = reader.readAt(h.endPosition())) {
            if (h.maxTimestampMs() >= targetMs && h.lastOffset() >= minOffset) {
                long found = TimestampSearch.firstAtOrAfter(this, h, targetMs, minOffset, maxBatchBytes);
                if (found >= 0) {
                    return found;
                }
            }
        }
        return -1;
    }

    // ---- lifetime ----

    /** Takes a reference for a reader; false when the segment has already been closed. */
    boolean tryRetain() {
        while (true) {
            int n = references.get();
            if (n <= 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the files. */
    void release() {
        if (references.decrementAndGet() == 0) {
            closeQuietly(offsetIndex);
            closeQuietly(timeIndex);
            closeQuietly(channel);
        }
    }

    /** Unlinks the files now and drops the owner's reference; readers may finish their slices. */
    void deleteFiles() throws IOException {
        Files.deleteIfExists(logPath);
        Files.deleteIfExists(offsetIndex.path());
        Files.deleteIfExists(timeIndex.path());
        release();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Closing after the data was forced (or abandoned): nothing useful to do with the error.
        }
    }

    @Override
    public String toString() {
        return "LogSegment(" + logPath + ", next " + nextOffset + ", " + sizeBytes + " bytes)";
    }
}
