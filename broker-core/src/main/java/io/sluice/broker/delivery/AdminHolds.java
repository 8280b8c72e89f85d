package io.sluice.broker.delivery;

import java.util.TreeSet;

/**
 * Records an operator is moving that the cursor has not read yet. Read-ahead stops in front of a
 * held record until its move is decided: admitting it could hand it to a consumer while its copy
 * is written, skipping it would lose it if the move fails. Moves take milliseconds, so the pause
 * is short.
 *
 * <p>Not thread-safe; confined to its subscription's executor.
 */
final class AdminHolds {
    private final TreeSet<Long>[] held;

    @SuppressWarnings("unchecked")
    AdminHolds(int partitions) {
        held = new TreeSet[partitions];
        for (int p = 0; p < partitions; p++) {
            held[p] = new TreeSet<>();
        }
    }

    void hold(int partition, long offset) {
        held[partition].add(offset);
    }

    void release(int partition, long offset) {
        held[partition].remove(offset);
    }

    boolean isHeld(int partition, long offset) {
        return !held[partition].isEmpty() && held[partition].contains(offset);
    }

    /** The lowest held offset of the partition at or above {@code from}, or Long.MAX_VALUE. */
    long nextHeld(int partition, long from) {
        Long next = held[partition].ceiling(from);
        return next == null ? Long.MAX_VALUE : next;
    }
}
