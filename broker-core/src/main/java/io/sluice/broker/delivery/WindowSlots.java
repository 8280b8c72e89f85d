package io.sluice.broker.delivery;

import java.util.Arrays;

/**
 * The storage of a cursor window: one slot per record, in offset order, in parallel primitive
 * arrays, plus one bitset per priority marking the available slots. Freed slots are holes until
 * the arrays fill up; then the live slots are moved to the front (compaction, keeping their order)
 * or, if more than half are live, the arrays grow up to their maximum. A record costs 42 bytes of
 * slot data and at most twice that in capacity.
 *
 * <pre>
 *  slot     0    1    2    3    4    5
 *  offset  17   18   20   21   24   25      increasing; holes (freed) keep their offset
 *  state    Q    -    A    D    A    A      A available, Q acquired, D delayed, M moving, - free
 *           ^head                      ^tail
 * </pre>
 *
 * <p>Not thread-safe; confined to its cursor's owner. Slot numbers stay valid until the next
 * {@link #append}, which may compact.
 */
final class WindowSlots {
    static final byte FREE = 0;
    static final byte AVAILABLE = 1;
    static final byte DELAYED = 2;
    static final byte ACQUIRED = 3;
    static final byte MOVING = 4;
    static final int PRIORITIES = 10;
    private static final int INITIAL_CAPACITY = 64;

    private final int maxCapacity;
    private int capacity;
    private int head;
    private int tail;
    long[] offsets;
    int[] sizes;
    byte[] priorities;
    byte[] states;
    int[] counts;
    long[] expirations;
    long[] availableAt;
    long[] masks;
    private final long[][] availableBits = new long[PRIORITIES][];
    private final int[] availableCount = new int[PRIORITIES];

    /** @param maxLive most live slots the owner will ever hold at once */
    WindowSlots(int maxLive) {
        this.maxCapacity = roundUp64(2 * maxLive);
        allocate(Math.min(INITIAL_CAPACITY, maxCapacity));
    }

    int head() {
        return head;
    }

    int tail() {
        return tail;
    }

    /**
     * Takes a new slot after every other (the highest offset so far), with state FREE; the caller
     * fills it. Compacts or grows first when the arrays are full.
     *
     * @param live slots in use, for the compaction decision
     */
    int append(long offset, int live) {
        if (tail == capacity) {
            if (live <= capacity / 2 || capacity >= maxCapacity) {
                compact();
            }
            if (tail == capacity) {
                grow();
            }
        }
        int slot = tail++;
        offsets[slot] = offset;
        return slot;
    }

    /** Marks a slot free and moves the head past leading free slots. */
    void free(int slot) {
        states[slot] = FREE;
        while (head < tail && states[head] == FREE) {
            head++;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    /** The slot holding {@code offset} and not free, or -1. */
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

    // ---- availability ----

    void setAvailable(int slot) {
        states[slot] = AVAILABLE;
        int p = priorities[slot];
        availableBits[p][slot >>> 6] |= 1L << (slot & 63);
        availableCount[p]++;
    }

    void clearAvailable(int slot) {
        int p = priorities[slot];
        availableBits[p][slot >>> 6] &= ~(1L << (slot & 63));
        availableCount[p]--;
    }

    int availableCount(int priority) {
        return availableCount[priority];
    }

    /** The first available slot of this priority at or after {@code fromSlot}, or -1. */
    int nextAvailable(int priority, int fromSlot) {
        if (availableCount[priority] == 0) {
            return -1;
        }
        int from = Math.max(fromSlot, head);
        if (from >= tail) {
            return -1;
        }
        long[] bits = availableBits[priority];
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

    // ---- storage ----

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
            throw new IllegalStateException("the window is full: " + tail + " slots in use");
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
}
