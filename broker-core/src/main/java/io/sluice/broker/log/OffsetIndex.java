package io.sluice.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sparse offset index of one segment: maps a batch's base offset to the byte position of that
 * batch in the segment file. An entry is added at a batch boundary whenever at least {@code
 * indexIntervalBytes} of log have been written since the previous entry, so a lookup followed by a
 * scan of batch headers reads at most about that many bytes.
 *
 * <pre>
 * .index file: N entries, no header
 * offset  size  field           notes
 *  0      4     relativeOffset  int32, batch base offset - segment base offset, strictly increasing
 *  4      4     position        int32, byte position of that batch in the .log file, strictly increasing
 * </pre>
 *
 * <p>Thread-safety: appends and truncation are confined to the partition's writer; lookups are
 * lock-free and safe from any thread (see {@link IndexFile}).
 */
final class OffsetIndex extends IndexFile {
    static final int ENTRY_SIZE = 8;

    private final long baseOffset;
    /** The last entry, cached so that readers tailing the log need no file read; null when empty. */
    private volatile Entry last;

    /** One index entry with its offset made absolute. */
    record Entry(long offset, int position) {}

    OffsetIndex(Path path, FileOpener opener, long baseOffset) throws IOException {
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
        return new Entry(baseOffset + b.getInt(), b.getInt());
    }

    /** Records that the batch with base offset {@code offset} starts at {@code position}. Writer only. */
    void append(long offset, int position) throws IOException {
        Entry previous = last;
        if (previous != null && (offset <= previous.offset() || position <= previous.position())) {
            throw new IllegalStateException(
                    "index entry (" + offset + ", " + position + ") does not follow " + previous + " in " + path());
        }
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalStateException("offset " + offset + " does not fit segment " + baseOffset);
        }
        ByteBuffer b = ByteBuffer.allocate(ENTRY_SIZE)
                .putInt((int) relative)
                .putInt(position)
                .flip();
        appendEntry(b);
        last = new Entry(offset, position);
    }

    /** The last entry, or null. */
    Entry lastEntry() {
        return last;
    }

    /**
     * The entry with the largest offset not above {@code targetOffset}, or (segment base, 0) when
     * there is none. The batch holding {@code targetOffset} starts at or after its position.
     */
    Entry lookup(long targetOffset) throws IOException {
        Entry tail = last;
        int count = entryCount();
        if (tail == null || count == 0) {
            return new Entry(baseOffset, 0);
        }
        if (tail.offset() <= targetOffset) {
            return tail;
        }
        int lo = 0;
        int hi = count - 1;
        Entry best = new Entry(baseOffset, 0);
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Entry e = entry(mid);
            if (e.offset() <= targetOffset) {
                best = e;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    /** The entry with the largest position not above {@code position}, or (segment base, 0). */
    Entry lookupByPosition(long position) throws IOException {
        Entry tail = last;
        int count = entryCount();
        if (tail == null || count == 0) {
            return new Entry(baseOffset, 0);
        }
        if (tail.position() <= position) {
            return tail;
        }
        int lo = 0;
        int hi = count - 1;
        Entry best = new Entry(baseOffset, 0);
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Entry e = entry(mid);
            if (e.position() <= position) {
                best = e;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    /** Drops the entries whose offset is {@code offset} or more. Writer only. */
    void truncateFromOffset(long offset) throws IOException {
        int count = entryCount();
        int keep = count;
        while (keep > 0 && entry(keep - 1).offset() >= offset) {
            keep--;
        }
        if (keep != count) {
            truncateToEntries(keep);
        }
    }

    /**
     * Cheap checks run when a segment is opened: whole entries, offsets and positions strictly
     * increasing and inside the segment. Returns a description of the first problem, or null.
     */
    String sanityProblem(long logSizeBytes) throws IOException {
        if (!openedWithWholeEntries()) {
            return "size is not a multiple of " + ENTRY_SIZE;
        }
        ByteBuffer all = readAll();
        long previousOffset = -1;
        long previousPosition = -1;
        while (all.hasRemaining()) {
            long relative = all.getInt();
            long position = all.getInt();
            if (relative <= previousOffset || position <= previousPosition) {
                return "entries are not strictly increasing at relative offset " + relative;
            }
            if (relative < 0 || position < 0 || position >= logSizeBytes) {
                return "entry (" + relative + ", " + position + ") lies outside the " + logSizeBytes + "-byte log";
            }
            previousOffset = relative;
            previousPosition = position;
        }
        return null;
    }
}
