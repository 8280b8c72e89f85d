package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Varint;
import java.util.Objects;

/**
 * The durable state of one partition of a subscription's cursor, as snapshots store it and as the
 * cursor log rebuilds it: what is acknowledged and how often each unacknowledged record was
 * delivered. Nothing about consumers or acquisitions: after a restart every unacknowledged record
 * is available again.
 *
 * <ul>
 *   <li>{@code start}: every offset below it is acknowledged.
 *   <li>{@code acked}: acknowledged ranges above {@code start} (out-of-order acknowledgements,
 *       records a selector or noLocal skipped).
 *   <li>{@code delivered}: unacknowledged offsets delivered exactly once (first deliveries come in
 *       runs, so ranges keep them cheap).
 *   <li>{@code counts}: unacknowledged offsets whose delivery count is anything else; an entry here
 *       overrides {@code delivered}.
 * </ul>
 *
 * The delivery count of an unacknowledged offset is {@code counts[o]} if present, else 1 if {@code
 * delivered} holds it, else 0.
 *
 * <p>Encoded form (snapshot value, one per partition):
 *
 * <pre>
 * start      varlong
 * acked      OffsetRanges
 * delivered  OffsetRanges
 * countSize  varint
 * counts     countSize x (offset varlong, count varint), ascending offsets
 * </pre>
 *
 * <p>Not thread-safe; confined to its subscription's executor, or to start-up recovery.
 */
final class CursorCheckpoint {
    private long start;
    private OffsetRanges acked;
    private OffsetRanges delivered;
    private LongIntMap counts;

    CursorCheckpoint(long start) {
        this(start, new OffsetRanges(), new OffsetRanges(), new LongIntMap());
    }

    private CursorCheckpoint(long start, OffsetRanges acked, OffsetRanges delivered, LongIntMap counts) {
        if (start < 0) {
            throw new IllegalArgumentException("start must be >= 0: " + start);
        }
        this.start = start;
        this.acked = acked;
        this.delivered = delivered;
        this.counts = counts;
        normalize();
    }

    /** A checkpoint from its parts, which it takes over; normalised (start moved over acknowledged runs). */
    static CursorCheckpoint of(long start, OffsetRanges acked, OffsetRanges delivered, LongIntMap counts) {
        return new CursorCheckpoint(start, acked, delivered, counts);
    }

    /** Every offset below this is acknowledged. */
    long start() {
        return start;
    }

    OffsetRanges acked() {
        return acked;
    }

    OffsetRanges delivered() {
        return delivered;
    }

    LongIntMap counts() {
        return counts;
    }

    boolean isAcked(long offset) {
        return offset < start || acked.contains(offset);
    }

    /** How often the unacknowledged record at {@code offset} was delivered (0 if acknowledged). */
    int deliveryCount(long offset) {
        if (isAcked(offset)) {
            return 0;
        }
        int explicit = counts.get(offset, -1);
        if (explicit >= 0) {
            return explicit;
        }
        return delivered.contains(offset) ? 1 : 0;
    }

    /** The offsets in {@code [from, to)} that are not acknowledged. */
    long unackedCount(long from, long to) {
        long begin = Math.max(from, start);
        if (to <= begin) {
            return 0;
        }
        long n = to - begin;
        for (int i = 0; i < acked.rangeCount(); i++) {
            long s = Math.max(acked.start(i), begin);
            long e = Math.min(acked.end(i), to);
            if (e > s) {
                n -= e - s;
            }
        }
        return n;
    }

    /** Records {@code [first, last]} as acknowledged. */
    void ack(long first, long last) {
        long end = last + 1;
        if (end <= start) {
            return;
        }
        long from = Math.max(first, start);
        acked.add(from, end);
        delivered.remove(from, end);
        counts.removeRange(from, end);
        normalize();
    }

    /** Records that {@code [first, last]} were delivered for the first time (count 1). */
    void delivered(long first, long last) {
        long from = Math.max(first, start);
        long end = last + 1;
        if (from >= end) {
            return;
        }
        // Only unacknowledged offsets are ever delivered; deliveryCount() checks acknowledgement first.
        delivered.add(from, end);
        counts.removeRange(from, end);
    }

    /**
     * Sets the delivery count of an unacknowledged offset. Kept in canonical form: a count of 1 in
     * {@code delivered} only, 0 nowhere, anything else in {@code counts} only.
     */
    void count(long offset, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("delivery count must be >= 0: " + count);
        }
        if (isAcked(offset)) {
            return;
        }
        if (count == 1) {
            counts.remove(offset);
            delivered.add(offset);
        } else {
            delivered.remove(offset, offset + 1);
            if (count == 0) {
                counts.remove(offset);
            } else {
                counts.put(offset, count);
            }
        }
    }

    /**
     * Forgets what it knows about offsets below {@code offset} other than that those below {@code
     * start} are acknowledged: for a cursor whose window has read past them.
     */
    void forgetBelow(long offset) {
        acked.removeBelow(offset);
        delivered.removeBelow(offset);
        counts.removeBelow(offset);
    }

    /** Adds what it knows about offsets at or above {@code from} to the given parts. */
    void copyAtOrAbove(long from, OffsetRanges toAcked, OffsetRanges toDelivered, LongIntMap toCounts) {
        toAcked.add(from, start);
        for (int i = 0; i < acked.rangeCount(); i++) {
            toAcked.add(Math.max(from, acked.start(i)), acked.end(i));
        }
        for (int i = 0; i < delivered.rangeCount(); i++) {
            toDelivered.add(Math.max(from, delivered.start(i)), delivered.end(i));
        }
        counts.forEach((offset, count) -> {
            if (offset >= from) {
                toCounts.put(offset, count);
            }
        });
    }

    /** Moves {@code start} over acknowledged ranges that touch it and drops what lies below. */
    private void normalize() {
        if (!acked.isEmpty() && acked.start(0) <= start) {
            start = Math.max(start, acked.end(0));
        }
        acked.removeBelow(start);
        delivered.removeBelow(start);
        counts.removeBelow(start);
    }

    CursorCheckpoint copy() {
        return new CursorCheckpoint(start, acked.copy(), delivered.copy(), counts.copy());
    }

    void encode(ByteBuf out) {
        Varint.writeLong(start, out);
        acked.encode(out);
        delivered.encode(out);
        long[] keys = counts.sortedKeys();
        Varint.writeInt(keys.length, out);
        for (long k : keys) {
            Varint.writeLong(k, out);
            Varint.writeInt(counts.get(k, 0), out);
        }
    }

    /** @throws InvalidRecordException if the bytes are not a well-formed checkpoint */
    static CursorCheckpoint decode(ByteBuf in) {
        long start = Varint.readLong(in);
        if (start < 0) {
            throw new InvalidRecordException("cursor checkpoint start " + start + " is negative");
        }
        OffsetRanges acked = OffsetRanges.decode(in);
        OffsetRanges delivered = OffsetRanges.decode(in);
        int n = Varint.readInt(in);
        if (n < 0 || n > in.readableBytes()) {
            throw new InvalidRecordException(
                    "cursor checkpoint claims " + n + " counts in " + in.readableBytes() + " bytes");
        }
        LongIntMap counts = new LongIntMap();
        for (int i = 0; i < n; i++) {
            long offset = Varint.readLong(in);
            int count = Varint.readInt(in);
            if (offset < 0 || count < 0) {
                throw new InvalidRecordException("cursor checkpoint count " + count + " at offset " + offset);
            }
            counts.put(offset, count);
        }
        return new CursorCheckpoint(start, acked, delivered, counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CursorCheckpoint other
                && start == other.start
                && acked.equals(other.acked)
                && delivered.equals(other.delivered)
                && counts.equals(other.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, acked, delivered, counts);
    }

    @Override
    public String toString() {
        return "CursorCheckpoint(start=" + start + ", acked=" + acked + ", delivered=" + delivered + ", counts="
                + counts + ")";
    }
}
