package io.sluice.broker.delivery;

import java.util.Arrays;

/**
 * Positions (partition, offset) of one subscription's records being settled together, in two
 * primitive arrays.
 *
 * <p>Not thread-safe; built on a connection's event loop, then handed to the subscription.
 */
final class SettleBatch {
    private int[] partitions = new int[8];
    private long[] offsets = new long[8];
    private int size;

    void add(int partition, long offset) {
        if (size == partitions.length) {
            partitions = Arrays.copyOf(partitions, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        partitions[size] = partition;
        offsets[size] = offset;
        size++;
    }

    int size() {
        return size;
    }

    int partition(int i) {
        return partitions[i];
    }

    long offset(int i) {
        return offsets[i];
    }
}
