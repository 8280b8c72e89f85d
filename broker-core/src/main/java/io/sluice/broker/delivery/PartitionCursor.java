package io.sluice.broker.delivery;

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
 * <p>The records live in {@link WindowSlots}: primitive arrays in offset order whose holes are
 * compacted away when they fill up, so one record held for a long time does not stop the window
 * from moving on, and one availability bitset per priority, so dispatch finds the highest-priority,
 * lowest-offset available record without scanning.
 *
 * <p>Not thread-safe; confined to its subscription's executor. Slot numbers are valid until the
 * next {@link #admit}, which may compact.
 */
final class PartitionCursor {
    static final byte FREE = WindowSlots.FREE;
    static final byte AVAILABLE = WindowSlots.AVAILABLE;
    static final byte DELAYED = WindowSlots.DELAYED;
    static final byte ACQUIRED = WindowSlots.ACQUIRED;
    static final byte MOVING = WindowSlots.MOVING;
    static final int PRIORITIES = WindowSlots.PRIORITIES;

    private final int partition;
    /** Where durable changes are recorded; null for a subscription that is not persisted. */
    private final CursorOps ops;

    private final int maxMessages;
    private final long maxBytes;
    /** Acknowledgements and delivery counts of offsets at or above readOffset, from recovery. */
    private final CursorCheckpoint recovered;

    private long readOffset;

    private final WindowSlots slots;
    private int live;
    private long liveBytes;
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
        this.slots = new WindowSlots(maxMessages);
        this.recovered = recovered.copy();
        this.readOffset = recovered.start();
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
        return slots.head() < slots.tail() ? slots.offsets[slots.head()] : readOffset;
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
        while (slots.head() < slots.tail() && slots.offsets[slots.head()] < logStartOffset) {
            settle(slots.head());
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

    /** Records not read yet in {@code [from, end)} that are not acknowledged. */
    long unreadBacklog(long from, long end) {
        return recovered.unackedCount(Math.max(from, readOffset), end);
    }

    /**
     * Acknowledges records not read yet, {@code [first, last]} (all at or above the read offset),
     * for an operator's purge; read-ahead then skips them.
     */
    void ackUnread(long first, long last) {
        checkReadable(first);
        recovered.ack(first, last);
        if (ops != null) {
            ops.ackRange(partition, first, last);
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
        int slot = slots.append(offset, live);
        slots.sizes[slot] = sizeBytes;
        slots.priorities[slot] = (byte) Math.max(0, Math.min(PRIORITIES - 1, priority));
        slots.counts[slot] = count;
        slots.expirations[slot] = expirationMs;
        slots.masks[slot] = mask;
        live++;
        liveBytes += sizeBytes;
        makeAvailable(slot, availableAtMs, nowMs);
        return slot;
    }

    // ---- dispatch ----

    /** The highest priority with an available record, or -1. */
    int highestAvailablePriority() {
        for (int p = PRIORITIES - 1; p >= 0; p--) {
            if (slots.availableCount(p) > 0) {
                return p;
            }
        }
        return -1;
    }

    int availableCount(int priority) {
        return slots.availableCount(priority);
    }

    /** The first slot at or after {@code fromSlot} holding an available record of this priority, or -1. */
    int nextAvailable(int priority, int fromSlot) {
        return slots.nextAvailable(priority, fromSlot);
    }

    /** Marks an available record acquired by a consumer; returns its new delivery count. */
    int acquire(int slot) {
        requireState(slot, AVAILABLE);
        slots.clearAvailable(slot);
        slots.states[slot] = ACQUIRED;
        int count = ++slots.counts[slot];
        if (ops != null) {
            if (count == 1) {
                ops.delivered(partition, slots.offsets[slot]);
            } else {
                ops.count(partition, slots.offsets[slot], count);
            }
        }
        return count;
    }

    /** Marks an available or acquired record as being moved to another queue. */
    void startMoving(int slot) {
        if (slots.states[slot] == AVAILABLE) {
            slots.clearAvailable(slot);
        } else if (slots.states[slot] == DELAYED) {
            delayed--;
        }
        slots.states[slot] = MOVING;
    }

    /**
     * Puts an acquired (or moving) record back.
     *
     * @param counted false for RELEASE_UNDELIVERED: the delivery is taken back
     * @param availableAtMs when it may be dispatched again (the redelivery delay)
     * @return its delivery count afterwards
     */
    int release(int slot, boolean counted, long availableAtMs, long nowMs) {
        byte state = slots.states[slot];
        if (state != ACQUIRED && state != MOVING) {
            throw new IllegalStateException("slot " + slot + " (offset " + slots.offsets[slot] + ") is not acquired");
        }
        if (!counted && slots.counts[slot] > 0) {
            slots.counts[slot]--;
            if (ops != null) {
                ops.count(partition, slots.offsets[slot], slots.counts[slot]);
            }
        }
        makeAvailable(slot, availableAtMs, nowMs);
        return slots.counts[slot];
    }

    /** Acknowledges a record of the window and removes it. */
    void settle(int slot) {
        byte state = slots.states[slot];
        if (state == FREE) {
            return;
        }
        if (ops != null) {
            ops.ack(partition, slots.offsets[slot]);
        }
        if (state == AVAILABLE) {
            slots.clearAvailable(slot);
        } else if (state == DELAYED) {
            delayed--;
        }
        live--;
        liveBytes -= slots.sizes[slot];
        slots.free(slot);
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
        for (int s = slots.head(); s < slots.tail(); s++) {
            if (slots.states[s] == DELAYED) {
                if (slots.availableAt[s] <= nowMs) {
                    delayed--;
                    slots.setAvailable(s);
                    promoted = true;
                } else {
                    next = Math.min(next, slots.availableAt[s]);
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
        return slots.slotOf(offset);
    }

    /** First slot of the window (may be past the last slot when the window is empty). */
    int headSlot() {
        return slots.head();
    }

    /** One past the last slot. */
    int tailSlot() {
        return slots.tail();
    }

    long offset(int slot) {
        return slots.offsets[slot];
    }

    int size(int slot) {
        return slots.sizes[slot];
    }

    int priority(int slot) {
        return slots.priorities[slot];
    }

    byte state(int slot) {
        return slots.states[slot];
    }

    int deliveryCount(int slot) {
        return slots.counts[slot];
    }

    long expiration(int slot) {
        return slots.expirations[slot];
    }

    boolean isExpired(int slot, long nowMs) {
        long expiration = slots.expirations[slot];
        return expiration != 0 && expiration <= nowMs;
    }

    long mask(int slot) {
        return slots.masks[slot];
    }

    void setMaskBit(int slot, int bit, boolean matches) {
        if (matches) {
            slots.masks[slot] |= 1L << bit;
        } else {
            slots.masks[slot] &= ~(1L << bit);
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
        for (int s = slots.head(); s < slots.tail(); s++) {
            if (slots.states[s] == FREE) {
                continue;
            }
            long o = slots.offsets[s];
            acked.add(previous, o);
            previous = o + 1;
            int count = slots.counts[s];
            if (count == 1) {
                delivered.add(o);
            } else if (count > 1) {
                explicitCounts.put(o, count);
            }
        }
        acked.add(previous, readOffset);
        recovered.copyAtOrAbove(readOffset, acked, delivered, explicitCounts);
        return CursorCheckpoint.of(start, acked, delivered, explicitCounts);
    }

    // ---- internals ----

    private void makeAvailable(int slot, long availableAtMs, long nowMs) {
        if (availableAtMs > nowMs) {
            slots.states[slot] = DELAYED;
            slots.availableAt[slot] = availableAtMs;
            delayed++;
            nextDueMs = Math.min(nextDueMs, availableAtMs);
        } else {
            slots.setAvailable(slot);
        }
    }

    private void requireState(int slot, byte state) {
        if (slots.states[slot] != state) {
            throw new IllegalStateException("slot " + slot + " (offset " + slots.offsets[slot] + ") is in state "
                    + slots.states[slot] + ", not " + state);
        }
    }

    @Override
    public String toString() {
        return "PartitionCursor(" + partition + ", start " + startOffset() + ", read " + readOffset + ", " + live
                + " live, " + delayed + " delayed)";
    }
}
