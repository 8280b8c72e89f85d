package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Varint;
import java.util.Arrays;

/**
 * A set of log offsets kept as sorted, disjoint, non-adjacent half-open ranges {@code [start,
 * end)} in two primitive arrays: no boxing, and a run of consecutive offsets (the usual shape of
 * acknowledgements) costs one range whatever its length. Adding at the end is amortised O(1);
 * adding or removing in the middle shifts the arrays.
 *
 * <p>Encoded form (used in cursor snapshots):
 *
 * <pre>
 * count    varint
 * ranges   count x
 *   gap     varlong   start minus the previous range's end (minus 0 for the first: the start itself)
 *   length  varlong   end - start, at least 1
 * </pre>
 *
 * <p>Not thread-safe; confined to the owner of the cursor it belongs to.
 */
final class OffsetRanges {
    private long[] starts;
    private long[] ends;
    private int size;

    OffsetRanges() {
        this(4);
    }

    private OffsetRanges(int capacity) {
        starts = new long[capacity];
        ends = new long[capacity];
    }

    /** The number of ranges. */
    int rangeCount() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long start(int index) {
        return starts[index];
    }

    long end(int index) {
        return ends[index];
    }

    /** Adds every offset in {@code [start, end)}; merges with touching or overlapping ranges. */
    void add(long start, long end) {
        if (start >= end) {
            return;
        }
        if (size == 0 || start > ends[size - 1]) {
            append(start, end);
            return;
        }
        if (start >= starts[size - 1]) {
            ends[size - 1] = Math.max(ends[size - 1], end);
            return;
        }
        // First range whose end reaches start (touching counts), last range whose start <= end.
        int first = firstEndingAtOrAfter(start);
        int last = lastStartingAtOrBefore(end);
        if (first > last) {
            insertAt(first, start, end);
            return;
        }
        long mergedStart = Math.min(start, starts[first]);
        long mergedEnd = Math.max(end, ends[last]);
        starts[first] = mergedStart;
        ends[first] = mergedEnd;
        int removed = last - first;
        if (removed > 0) {
            System.arraycopy(starts, last + 1, starts, first + 1, size - last - 1);
            System.arraycopy(ends, last + 1, ends, first + 1, size - last - 1);
            size -= removed;
        }
    }

    /** Adds one offset. */
    void add(long offset) {
        add(offset, offset + 1);
    }

    /** Removes every offset in {@code [start, end)}. */
    void remove(long start, long end) {
        if (start >= end || size == 0 || end <= starts[0] || start >= ends[size - 1]) {
            return;
        }
        int first = firstEndingAfter(start);
        int last = lastStartingBefore(end);
        if (first > last) {
            return;
        }
        long headStart = starts[first];
        long tailEnd = ends[last];
        boolean keepHead = headStart < start;
        boolean keepTail = tailEnd > end;
        int replacements = (keepHead ? 1 : 0) + (keepTail ? 1 : 0);
        int removed = last - first + 1;
        int delta = replacements - removed;
        if (delta != 0) {
            ensureCapacity(size + Math.max(delta, 0));
            System.arraycopy(starts, last + 1, starts, last + 1 + delta, size - last - 1);
            System.arraycopy(ends, last + 1, ends, last + 1 + delta, size - last - 1);
            size += delta;
        }
        int i = first;
        if (keepHead) {
            starts[i] = headStart;
            ends[i] = start;
            i++;
        }
        if (keepTail) {
            starts[i] = end;
            ends[i] = tailEnd;
        }
    }

    /** Removes every offset below {@code offset}. */
    void removeBelow(long offset) {
        if (size == 0 || offset <= starts[0]) {
            return;
        }
        remove(starts[0], offset);
    }

    boolean contains(long offset) {
        int i = lastStartingAtOrBefore(offset);
        return i >= 0 && offset < ends[i];
    }

    /** The end of the range holding {@code offset}, or {@code offset} itself if none does. */
    long endOfRangeContaining(long offset) {
        int i = lastStartingAtOrBefore(offset);
        return i >= 0 && offset < ends[i] ? ends[i] : offset;
    }

    /** The number of offsets in the set. */
    long offsetCount() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += ends[i] - starts[i];
        }
        return total;
    }

    void clear() {
        size = 0;
    }

    OffsetRanges copy() {
        OffsetRanges c = new OffsetRanges(Math.max(4, size));
        System.arraycopy(starts, 0, c.starts, 0, size);
        System.arraycopy(ends, 0, c.ends, 0, size);
        c.size = size;
        return c;
    }

    void encode(ByteBuf out) {
        Varint.writeInt(size, out);
        long previousEnd = 0;
        for (int i = 0; i < size; i++) {
            Varint.writeLong(starts[i] - previousEnd, out);
            Varint.writeLong(ends[i] - starts[i], out);
            previousEnd = ends[i];
        }
    }

    /** @throws InvalidRecordException if the bytes do not hold well-formed ranges */
    static OffsetRanges decode(ByteBuf in) {
        int count = Varint.readInt(in);
        if (count < 0 || count > in.readableBytes()) {
            throw new InvalidRecordException(
                    "offset ranges claim " + count + " ranges in " + in.readableBytes() + " bytes");
        }
        OffsetRanges r = new OffsetRanges(Math.max(4, count));
        long previousEnd = 0;
        for (int i = 0; i < count; i++) {
            long gap = Varint.readLong(in);
            long length = Varint.readLong(in);
            if (gap < (i == 0 ? 0 : 1) || length < 1) {
                throw new InvalidRecordException("offset range " + i + " has gap " + gap + " and length " + length);
            }
            long start = previousEnd + gap;
            r.append(start, start + length);
            previousEnd = start + length;
        }
        return r;
    }

    private void append(long start, long end) {
        ensureCapacity(size + 1);
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    private void insertAt(int index, long start, long end) {
        ensureCapacity(size + 1);
        System.arraycopy(starts, index, starts, index + 1, size - index);
        System.arraycopy(ends, index, ends, index + 1, size - index);
        starts[index] = start;
        ends[index] = end;
        size++;
    }

    private void ensureCapacity(int needed) {
        if (needed > starts.length) {
            int capacity = Math.max(needed, starts.length * 2);
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }
    }

    /** Index of the last range with start <= value, or -1. */
    private int lastStartingAtOrBefore(long value) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= value) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Index of the last range with start < value, or -1. */
    private int lastStartingBefore(long value) {
        return lastStartingAtOrBefore(value - 1);
    }

    /** Index of the first range with end >= value, or size. */
    private int firstEndingAtOrAfter(long value) {
        int lo = 0;
        int hi = size - 1;
        int found = size;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] >= value) {
                found = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    /** Index of the first range with end > value, or size. */
    private int firstEndingAfter(long value) {
        return firstEndingAtOrAfter(value + 1);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OffsetRanges other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (starts[i] != other.starts[i] || ends[i] != other.ends[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) {
            h = 31 * h + Long.hashCode(starts[i]);
            h = 31 * h + Long.hashCode(ends[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(starts[i]).append("..").append(ends[i] - 1);
        }
        return sb.append(']').toString();
    }
}
