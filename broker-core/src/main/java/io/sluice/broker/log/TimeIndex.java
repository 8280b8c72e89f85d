package io.sluice.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sparse time index of one segment. An entry {@code (T, O)} says: every record in this segment
 * with an offset below {@code O} has a timestamp of at most {@code T}. {@code O} is always a batch
 * base offset (or the segment's next offset), and {@code T} never decreases from one entry to the
 * next, so "first offset with timestamp >= ts" starts its scan at the {@code O} of the last entry
 * whose {@code T < ts}: nothing before it can match.
 *
 * <p>Entries are added beside offset-index entries when the largest timestamp so far has grown
 * since the previous entry. When the segment is rolled, a final entry {@code (largest timestamp of
 * the segment, segment next offset)} seals it; so the last entry of a sealed segment holds the
 * segment's largest timestamp, which retention by time needs.
 *
 * <pre>
 * .timeindex file: N entries, no header
 * offset  size  field           notes
 *  0      8     timestamp       int64, epoch ms: largest record timestamp below the offset, non-decreasing
 *  8      4     relativeOffset  int32, offset - segment base offset, strictly increasing
 * </pre>
 *
 * <p>Thread-safety: appends and truncation are confined to the partition's writer; lookups are
 * lock-free and safe from any thread (see {@link IndexFile}).
 */
final class TimeIndex extends IndexFile {
    static final int ENTRY_SIZE = 12;

    private final long baseOffset;
    /** The last entry, cached for appends and tailing lookups; null when empty. */
    private volatile Entry last;

    /** One entry with its offset made absolute. */
    record Entry(long timestamp, long offset) {}

    TimeIndex(Path path, FileOpener opener, long baseOffset) throws IOException {
        super(path, opener, ENTRY_SIZE);
        this.baseOffset = baseOffset;
        onTruncated();
    }

    @Override
    void onTruncated() throws IOException {
        last = entryCount() == 0 ? null : entry(entryCount() - 1);
    }

    Entry entry(int n) throws IOException {
        ByteBuffer b = readEntry(n);
        long timestamp = b.getLong();
        return new Entry(timestamp, baseOffset + b.getInt());
    }

    Entry lastEntry() {
        return last;
    }

    /** Adds {@code (timestamp, offset)}. Writer only. */
    void append(long timestamp, long offset) throws IOException {
        Entry previous = last;
        if (previous != null && (offset <= previous.offset() || timestamp < previous.timestamp())) {
            throw new IllegalStateException("time index entry (" + timestamp + ", " + offset + ") does not follow "
                    + previous + " in " + path());
        }
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalStateException("offset " + offset + " does not fit segment " + baseOffset);
        }
        appendEntry(ByteBuffer.allocate(ENTRY_SIZE)
                .putLong(timestamp)
                .putInt((int) relative)
                .flip());
        last = new Entry(timestamp, offset);
    }

    /**
     * The offset from which a search for the first record with timestamp {@code >= targetMs} must
     * scan: the offset of the last entry with a timestamp below {@code targetMs}, or the segment's
     * base offset when there is none.
     */
    long scanStartFor(long targetMs) throws IOException {
        Entry tail = last;
        int count = entryCount();
        if (tail == null || count == 0) {
            return baseOffset;
        }
        if (tail.timestamp() < targetMs) {
            return tail.offset();
        }
        int lo = 0;
        int hi = count - 1;
        long best = baseOffset;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Entry e = entry(mid);
            if (e.timestamp() < targetMs) {
                best = e.offset();
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    /** Drops the entries whose offset is above {@code offset}. Writer only. */
    void truncateAboveOffset(long offset) throws IOException {
        int count = entryCount();
        int keep = count;
        while (keep > 0 && entry(keep - 1).offset() > offset) {
            keep--;
        }
        if (keep != count) {
            truncateToEntries(keep);
        }
    }

    /**
     * Cheap checks run when a segment is opened: whole entries, timestamps non-decreasing and
     * offsets strictly increasing within {@code [0, maxRelativeOffset]}. Returns the first problem,
     * or null.
     */
    String sanityProblem(long maxRelativeOffset) throws IOException {
        if (!openedWithWholeEntries()) {
            return "size is not a multiple of " + ENTRY_SIZE;
        }
        ByteBuffer all = readAll();
        long previousTimestamp = Long.MIN_VALUE;
        long previousOffset = -1;
        while (all.hasRemaining()) {
            long timestamp = all.getLong();
            long relative = all.getInt();
            if (timestamp < previousTimestamp || relative <= previousOffset) {
                return "entries are out of order at relative offset " + relative;
            }
            if (relative < 0 || relative > maxRelativeOffset) {
                return "relative offset " + relative + " lies outside [0, " + maxRelativeOffset + "]";
            }
            previousTimestamp = timestamp;
            previousOffset = relative;
        }
        return null;
    }
}
