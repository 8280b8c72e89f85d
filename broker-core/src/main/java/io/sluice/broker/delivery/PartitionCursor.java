package io.sluice.broker.delivery;

import java.util.Arrays;

/**
 * The live cursor of one partition of a subscription: a bounded <b>window</b> of the
 * unacknowledged records it has read from the log, with what dispatch needs to know about each
 * (offset, size, priority, expiration, when it becomes available, delivery count, state, selector
 * matches) and nothing else: record bytes stay in the log and are read again to be sent.
 *
 * <pre>
 *   start                                    readOffset
 *     |  window: unacknowledged records read   |  not read yet (recovered acks and counts)
 *   --[==A==x==Q==A==D==x==A===================[---------------------------------------&gt;
 *      A available  Q acquired  D delayed  x acknowledged (a hole)
 * </pre>
 *
 * <p>Everything in {@code [start, readOffset)} that is not in the window is acknowledged (records
 * a selector, noLocal or expiry skipped are acknowledged as they are read). State beyond {@code
 * readOffset} comes from recovery ({@link CursorCheckpoint}) and is consulted as records are read.
 *
 * <p>Slots are kept in offset order in parallel primitive arrays; acknowledged slots become holes
 * that compaction removes when the arrays are full, so one record held for a long time does not
 * stop the window from moving on. Available slots are also marked in one bitset per priority, so
 * dispatch finds the highest-priority, lowest-offset available record without scanning.
 *
 * <p>Not thread-safe; confined to its subscription's executor. Slot numbers are valid until the
 * next {@link #admit}, which may compact.
 */
final class PartitionCursor {
    static final byte FREE = 0;
    static final byte AVAILABLE = 1;
    static final byte DELAYED = 2;
    static final byte ACQUIRED = 3;
    static final byte MOVING = 4;
    static final int PRIORITIES = 10;
    private static final int INITIAL_CAPACITY = 64;

    private final int partition;
    /** Where durable changes are recorded; null for a subscription that is not persisted. */
    private final CursorOps ops;

    private final int maxMessages;
    private final long maxBytes;
    private final int maxCapacity;
    /** Acknowledgements and delivery counts of offsets at or above readOffset, from recovery. */
    private final CursorCheckpoint recovered;

    private long readOffset;

    private int capacity;
    private int head;
    private int tail;
    private int live;
    private long liveBytes;
    private long[] offsets;
    private int[] sizes;
    private byte[] priorities;
    private byte[] states;
    private int[] counts;
    private long[] expirations;
    private long[] availableAt;
    private long[] masks;
    private final long[][] availableBits = new long[PRIORITIES][];
    private final int[] availableCount = new int[PRIORITIES];
    private int delayed;
    private long nextDueMs = Long.MAX_VALUE;

    /**
     * @param recovered the durable state to start from; the window starts empty at its start
     * @param ops receives every durable change (acknowledgements, delivery counts), or null when the
     *     subscription is not persisted
     * @param maxMessages most unacknowledged records held in the window
     * @param maxBytes most bytes of records held in the window (at least one record is admitted)
     */
    PartitionCursor(int partition, CursorCheckpoint recovered, CursorOps ops, int maxMessages, long maxBytes) {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("window bounds must be positive: " + maxMessages + ", " + maxBytes);
        }
        this.partition = partition;
        this.ops = ops;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.maxCapacity = roundUp64(2 * maxMessages);
        this.recovered = recovered.copy();
        this.readOffset = recovered.start();
        allocate(Math.min(INITIAL_CAPACITY, maxCapacity));
    }

    int partition() {
        return partition;
    }

    /** The next offset to read from the log into the window. */
    long readOffset() {
        return readOffset;
    }

    /** Every offset below this is acknowledged. */
    long startOffset() {
        return head < tail ? offsets[head] : readOffset;
    }

    /** Unacknowledged records in the window. */
    int liveCount() {
        return live;
    }

    long liveBytes() {
        return liveBytes;
    }

    /** Whether the window may take another record. */
    boolean hasRoom() {
        return live < maxMessages && (live == 0 || liveBytes < maxBytes);
    }

    // ---- reading ahead ----

    /** Whether recovery recorded {@code offset} (at or above the read offset) as acknowledged. */
    boolean isRecoveredAcked(long offset) {
        return recovered.isAcked(offset);
    }

    /** The end of the recovered acknowledged run holding {@code offset}, or {@code offset}. */
    long skipRecoveredAcked(long offset) {
        if (offset < recovered.start()) {
            return recovered.start();
        }
        return recovered.acked().endOfRangeContaining(offset);
    }

    /**
     * Moves the read offset forward over offsets recovery recorded as acknowledged (see {@link
     * #skipRecoveredAcked}); records nothing.
     */
    void skipTo(long offset) {
        if (offset > readOffset) {
            readOffset = offset;
            recovered.forgetBelow(offset);
        }
    }

    /**
     * Acknowledges the record at {@code offset} (at or above the read offset) without admitting it
     * (a selector or noLocal skipped it, or it expired) and moves the read offset past it.
     */
    void skip(long offset) {
        checkReadable(offset);
        if (ops != null && !recovered.isAcked(offset)) {
            ops.ack(partition, offset);
        }
        skipTo(offset + 1);
    }

    /**
     * Acknowledges everything below {@code logStartOffset}, which retention deleted: unread records
     * and window records alike.
     */
    void loseBefore(long logStartOffset) {
        if (readOffset < logStartOffset) {
            if (ops != null) {
                ops.ackRange(partition, readOffset, logStartOffset - 1);
            }
            skipTo(logStartOffset);
        }
        while (head < tail && offsets[head] < logStartOffset) {
            settle(head);
        }
    }

    /**
     * Acknowledges a record that is not in the window: one not read yet (recorded in the recovered
     * state until the read offset passes it), or one below the read offset (already acknowledged).
     */
    void ackOutsideWindow(long offset) {
        if (offset >= readOffset && !recovered.isAcked(offset)) {
            recovered.ack(offset, offset);
            if (ops != null) {
                ops.ack(partition, offset);
            }
        }
    }

    private void checkReadable(long offset) {
        if (offset < readOffset) {
            throw new IllegalArgumentException("offset " + offset + " is below the read offset " + readOffset);
        }
    }

    /**
     * Adds the record at {@code offset} (at or above the read offset) to the window and moves the
     * read offset past it.
     *
     * @param availableAtMs when it may be dispatched (its delivery time); later than {@code nowMs}
     *     makes it DELAYED
     * @param mask selector groups it matches (bit i = group i)
     * @return its slot
     */
    int admit(long offset, int sizeBytes, int priority, long expirationMs, long availableAtMs, long mask, long nowMs) {
        checkReadable(offset);
        int count = recovered.deliveryCount(offset);
        skipTo(offset + 1);
        if (tail == capacity) {
            makeRoom();
        }
        int slot = tail++;
        offsets[slot] = offset;
        sizes[slot] = sizeBytes;
        priorities[slot] = (byte) Math.max(0, Math.min(PRIORITIES - 1, priority));
        counts[slot] = count;
        expirations[slot] = expirationMs;
        masks[slot] = mask;
        live++;
        liveBytes += sizeBytes;
        makeAvailable(slot, availableAtMs, nowMs);
        return slot;
    }

    private void makeRoom() {
        if (live <= capacity / 2 || capacity >= maxCapacity) {
            compact();
        }
        if (tail == capacity) {
            grow();
        }
    }

    // ---- dispatch ----

    /** The highest priority with an available record, or -1. */
    int highestAvailablePriority() {
        for (int p = PRIORITIES - 1; p >= 0; p--) {
            if (availableCount[p] > 0) {
                return p;
            }
        }
        return -1;
    }

    int availableCount(int priority) {
        return availableCount[priority];
    }

    /** The first slot at or after {@code fromSlot} holding an available record of this priority, or -1. */
    int nextAvailable(int priority, int fromSlot) {
        if (availableCount[priority] == 0) {
            return -1;
        }
        long[] bits = availableBits[priority];
        int from = Math.max(fromSlot, head);
        if (from >= tail) {
            return -1;
        }
        int word = from >>> 6;
        long w = bits[word] & (-1L << (from & 63));
        int lastWord = (tail - 1) >>> 6;
        while (true) {
            if (w != 0) {
                int slot = (word << 6) + Long.numberOfTrailingZeros(w);
                return slot < tail ? slot : -1;
            }
            if (++word > lastWord) {
                return -1;
            }
            w = bits[word];
        }
    }

    /** Marks an available record acquired by a consumer; returns its new delivery count. */
    int acquire(int slot) {
        requireState(slot, AVAILABLE);
        clearAvailable(slot);
        states[slot] = ACQUIRED;
        int count = ++counts[slot];
        if (ops != null) {
            if (count == 1) {
                ops.delivered(partition, offsets[slot]);
            } else {
                ops.count(partition, offsets[slot], count);
            }
        }
        return count;
    }

    /** Marks an available or acquired record as being moved to another queue. */
    void startMoving(int slot) {
        if (states[slot] == AVAILABLE) {
            clearAvailable(slot);
        } else if (states[slot] == DELAYED) {
            delayed--;
        }
        states[slot] = MOVING;
    }

    /**
     * Puts an acquired (or moving) record back.
     *
     * @param counted false for RELEASE_UNDELIVERED: the delivery is taken back
     * @param availableAtMs when it may be dispatched again (the redelivery delay)
     * @return its delivery count afterwards
     */
    int release(int slot, boolean counted, long availableAtMs, long nowMs) {
        byte state = states[slot];
        if (state != ACQUIRED && state != MOVING) {
            throw new IllegalStateException("slot " + slot + " (offset " + offsets[slot] + ") is not acquired");
        }
        if (!counted && counts[slot] > 0) {
            counts[slot]--;
            if (ops != null) {
                ops.count(partition, offsets[slot], counts[slot]);
            }
        }
        makeAvailable(slot, availableAtMs, nowMs);
        return counts[slot];
    }

    /** Acknowledges a record of the window and removes it. */
    void settle(int slot) {
        byte state = states[slot];
        if (state == FREE) {
            return;
        }
        if (ops != null) {
            ops.ack(partition, offsets[slot]);
        }
        if (state == AVAILABLE) {
            clearAvailable(slot);
        } else if (state == DELAYED) {
            delayed--;
        }
        states[slot] = FREE;
        live--;
        liveBytes -= sizes[slot];
        while (head < tail && states[head] == FREE) {
            head++;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    /**
     * Makes DELAYED records whose time has come available.
     *
     * @return whether any became available
     */
    boolean promoteDue(long nowMs) {
        if (delayed == 0 || nowMs < nextDueMs) {
            return false;
        }
        boolean promoted = false;
        long next = Long.MAX_VALUE;
        for (int s = head; s < tail; s++) {
            if (states[s] == DELAYED) {
                if (availableAt[s] <= nowMs) {
                    delayed--;
                    setAvailable(s);
                    promoted = true;
                } else {
                    next = Math.min(next, availableAt[s]);
                }
            }
        }
        nextDueMs = next;
        return promoted;
    }

    /** When the earliest DELAYED record becomes available, or Long.MAX_VALUE. */
    long nextDueMs() {
        return delayed == 0 ? Long.MAX_VALUE : nextDueMs;
    }

    // ---- lookups ----

    /** The slot holding {@code offset}, or -1 if the window does not hold it. */
    int slotOf(long offset) {
        int lo = head;
        int hi = tail - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long o = offsets[mid];
            if (o < offset) {
                lo = mid + 1;
            } else if (o > offset) {
                hi = mid - 1;
            } else {
                return states[mid] == FREE ? -1 : mid;
            }
        }
        return -1;
    }

    /** First slot of the window (may be past the last slot when the window is empty). */
    int headSlot() {
        return head;
    }

    /** One past the last slot. */
    int tailSlot() {
        return tail;
    }

    long offset(int slot) {
        return offsets[slot];
    }

    int size(int slot) {
        return sizes[slot];
    }

    int priority(int slot) {
        return priorities[slot];
    }

    byte state(int slot) {
        return states[slot];
    }

    int deliveryCount(int slot) {
        return counts[slot];
    }

    long expiration(int slot) {
        return expirations[slot];
    }

    boolean isExpired(int slot, long nowMs) {
        return expirations[slot] != 0 && expirations[slot] <= nowMs;
    }

    long mask(int slot) {
        return masks[slot];
    }

    void setMaskBit(int slot, int bit, boolean matches) {
        if (matches) {
            masks[slot] |= 1L << bit;
        } else {
            masks[slot] &= ~(1L << bit);
        }
    }

    /** How often a record not yet in the window was delivered (recovered state). */
    int recoveredDeliveryCount(long offset) {
        return recovered.deliveryCount(offset);
    }

    // ---- durable state ----

    /** The durable view of this cursor: acknowledgements and delivery counts, no acquisitions. */
    CursorCheckpoint checkpoint() {
        OffsetRanges acked = new OffsetRanges();
        OffsetRanges delivered = new OffsetRanges();
        LongIntMap explicitCounts = new LongIntMap();
        long start = startOffset();
        long previous = start;
        for (int s = head; s < tail; s++) {
            if (states[s] == FREE) {
                continue;
            }
            long o = offsets[s];
            acked.add(previous, o);
            previous = o + 1;
            if (counts[s] == 1) {
                delivered.add(o);
            } else if (counts[s] > 1) {
                explicitCounts.put(o, counts[s]);
            }
        }
        acked.add(previous, readOffset);
        recovered.copyAtOrAbove(readOffset, acked, delivered, explicitCounts);
        return CursorCheckpoint.of(start, acked, delivered, explicitCounts);
    }

    // ---- internals ----

    private void makeAvailable(int slot, long availableAtMs, long nowMs) {
        if (availableAtMs > nowMs) {
            states[slot] = DELAYED;
            availableAt[slot] = availableAtMs;
            delayed++;
            nextDueMs = Math.min(nextDueMs, availableAtMs);
        } else {
            setAvailable(slot);
        }
    }

    private void setAvailable(int slot) {
        states[slot] = AVAILABLE;
        int p = priorities[slot];
        availableBits[p][slot >>> 6] |= 1L << (slot & 63);
        availableCount[p]++;
    }

    private void clearAvailable(int slot) {
        int p = priorities[slot];
        availableBits[p][slot >>> 6] &= ~(1L << (slot & 63));
        availableCount[p]--;
    }

    private void requireState(int slot, byte state) {
        if (states[slot] != state) {
            throw new IllegalStateException(
                    "slot " + slot + " (offset " + offsets[slot] + ") is in state " + states[slot] + ", not " + state);
        }
    }

    private void allocate(int cap) {
        capacity = cap;
        offsets = new long[cap];
        sizes = new int[cap];
        priorities = new byte[cap];
        states = new byte[cap];
        counts = new int[cap];
        expirations = new long[cap];
        availableAt = new long[cap];
        masks = new long[cap];
        for (int p = 0; p < PRIORITIES; p++) {
            availableBits[p] = new long[cap >>> 6];
        }
    }

    private void grow() {
        int cap = Math.min(maxCapacity, capacity * 2);
        if (cap <= capacity) {
            throw new IllegalStateException("the window of partition " + partition + " is full: " + live
                    + " live records in " + capacity + " slots");
        }
        offsets = Arrays.copyOf(offsets, cap);
        sizes = Arrays.copyOf(sizes, cap);
        priorities = Arrays.copyOf(priorities, cap);
        states = Arrays.copyOf(states, cap);
        counts = Arrays.copyOf(counts, cap);
        expirations = Arrays.copyOf(expirations, cap);
        availableAt = Arrays.copyOf(availableAt, cap);
        masks = Arrays.copyOf(masks, cap);
        for (int p = 0; p < PRIORITIES; p++) {
            availableBits[p] = Arrays.copyOf(availableBits[p], cap >>> 6);
        }
        capacity = cap;
    }

    /** Moves live slots to the front, keeping their order; rebuilds the availability bitsets. */
    private void compact() {
        int to = 0;
        for (int from = head; from < tail; from++) {
            if (states[from] == FREE) {
                continue;
            }
            if (to != from) {
                offsets[to] = offsets[from];
                sizes[to] = sizes[from];
                priorities[to] = priorities[from];
                states[to] = states[from];
                counts[to] = counts[from];
                expirations[to] = expirations[from];
                availableAt[to] = availableAt[from];
                masks[to] = masks[from];
            }
            to++;
        }
        Arrays.fill(states, to, capacity, FREE);
        head = 0;
        tail = to;
        for (int p = 0; p < PRIORITIES; p++) {
            Arrays.fill(availableBits[p], 0L);
        }
        for (int s = 0; s < tail; s++) {
            if (states[s] == AVAILABLE) {
                availableBits[priorities[s]][s >>> 6] |= 1L << (s & 63);
            }
        }
    }

    private static int roundUp64(int n) {
        return Math.max(64, (n + 63) & ~63);
    }

    @Override
    public String toString() {
        return "PartitionCursor(" + partition + ", start " + startOffset() + ", read " + readOffset + ", " + live
                + " live, " + delayed + " delayed)";
    }
}
