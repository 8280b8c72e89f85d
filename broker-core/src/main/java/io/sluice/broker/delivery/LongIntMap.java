package io.sluice.broker.delivery;

import java.util.Arrays;

/**
 * A map from non-negative {@code long} keys (log offsets) to {@code int} values (delivery counts),
 * with open addressing and linear probing in two primitive arrays: no boxed keys or entry objects.
 * Removal shifts later entries of the probe run back, so no tombstones accumulate.
 *
 * <p>Not thread-safe; confined to the owner of the cursor it belongs to.
 */
final class LongIntMap {
    private static final long EMPTY = -1L;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap() {
        this(8);
    }

    private LongIntMap(int capacity) {
        int c = Integer.highestOneBit(Math.max(8, capacity - 1)) << 1;
        keys = new long[c];
        Arrays.fill(keys, EMPTY);
        values = new int[c];
        mask = c - 1;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean containsKey(long key) {
        return indexOf(key) >= 0;
    }

    /** The value of {@code key}, or {@code missing} if it has none. */
    int get(long key, int missing) {
        int i = indexOf(key);
        return i >= 0 ? values[i] : missing;
    }

    void put(long key, int value) {
        if (key < 0) {
            throw new IllegalArgumentException("keys must be >= 0: " + key);
        }
        int i = slot(key);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        if (size * 4 > keys.length * 3) {
            rehash(keys.length * 2);
        }
    }

    /** Removes {@code key}; returns whether it was present. */
    boolean remove(long key) {
        int i = indexOf(key);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Removes every key in {@code [start, end)}. */
    void removeRange(long start, long end) {
        if (size == 0 || start >= end) {
            return;
        }
        if (end - start <= size) {
            for (long k = start; k < end; k++) {
                remove(k);
            }
            return;
        }
        int i = 0;
        while (i < keys.length) {
            long k = keys[i];
            if (k != EMPTY && k >= start && k < end) {
                removeAt(i);
                // removeAt may have shifted a later entry into slot i: look at it again.
            } else {
                i++;
            }
        }
    }

    /** Removes every key below {@code offset}. */
    void removeBelow(long offset) {
        if (size > 0) {
            removeRange(0, offset);
        }
    }

    /** Calls {@code visitor} for every entry, in no particular order. */
    void forEach(Visitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                visitor.visit(keys[i], values[i]);
            }
        }
    }

    /** The keys in ascending order. */
    long[] sortedKeys() {
        long[] out = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k != EMPTY) {
                out[n++] = k;
            }
        }
        Arrays.sort(out);
        return out;
    }

    LongIntMap copy() {
        LongIntMap c = new LongIntMap(1);
        c.keys = keys.clone();
        c.values = values.clone();
        c.size = size;
        c.mask = mask;
        return c;
    }

    /** An entry visitor. */
    @FunctionalInterface
    interface Visitor {
        void visit(long key, int value);
    }

    private int indexOf(long key) {
        if (key < 0) {
            return -1;
        }
        int i = slot(key);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private void removeAt(int index) {
        int hole = index;
        int i = (index + 1) & mask;
        while (keys[i] != EMPTY) {
            int home = slot(keys[i]);
            // Move the entry back into the hole unless its home lies cyclically in (hole, i].
            boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeBetween) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
            i = (i + 1) & mask;
        }
        keys[hole] = EMPTY;
        size--;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
        mask = capacity - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LongIntMap other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY && other.get(keys[i], Integer.MIN_VALUE) != values[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                h += Long.hashCode(keys[i]) ^ values[i];
            }
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (long k : sortedKeys()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(k).append('=').append(get(k, 0));
        }
        return sb.append('}').toString();
    }
}
