package io.sluice.jms;

import io.sluice.protocol.api.AckRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growable list of delivery ids, turned into the inclusive ranges an ACK carries. Delivery ids
 * increase on a connection, but one session's ids are interleaved with other sessions', so ranges
 * are built after sorting.
 *
 * <p>Not thread-safe; guarded by its owner.
 */
final class DeliveryIds {
    private long[] ids = new long[16];
    private int size;

    void add(long id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
    }

    void addAll(DeliveryIds other) {
        for (int i = 0; i < other.size; i++) {
            add(other.ids[i]);
        }
    }

    void forEach(java.util.function.LongConsumer action) {
        for (int i = 0; i < size; i++) {
            action.accept(ids[i]);
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
        if (ids.length > 1024) {
            ids = new long[16];
        }
    }

    /** Moves every id into a new list and empties this one. */
    DeliveryIds takeAll() {
        DeliveryIds taken = new DeliveryIds();
        taken.ids = Arrays.copyOf(ids, Math.max(16, size));
        taken.size = size;
        clear();
        return taken;
    }

    /** The ids as sorted, merged inclusive ranges. */
    List<AckRequest.Range> ranges() {
        long[] sorted = Arrays.copyOf(ids, size);
        Arrays.sort(sorted);
        List<AckRequest.Range> ranges = new ArrayList<>();
        int i = 0;
        while (i < sorted.length) {
            long first = sorted[i];
            long last = first;
            i++;
            while (i < sorted.length && sorted[i] <= last + 1) {
                last = sorted[i];
                i++;
            }
            ranges.add(new AckRequest.Range(first, last));
        }
        return ranges;
    }

    @Override
    public String toString() {
        return "DeliveryIds" + ranges();
    }
}
