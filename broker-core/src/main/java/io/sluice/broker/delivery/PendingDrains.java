package io.sluice.broker.delivery;

import io.sluice.broker.partition.Partition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The drains a subscription is working on (FLOW with drain). A drain is answered once, for every
 * partition, what was appended before it is readable (or its deadline passed) and the cursor has
 * read up to there (or its window is full); the answer is the number of messages pushed to the
 * consumer since the drain started, and the consumer's credit is then zero.
 *
 * <p>Not thread-safe; confined to its subscription's executor.
 */
final class PendingDrains {
    /** One drain: per partition, the log end when it arrived. */
    private record Drain(Consumer consumer, long[] targets, long deadlineMs, CompletableFuture<Integer> done) {}

    private final List<Drain> drains = new ArrayList<>();

    boolean isEmpty() {
        return drains.isEmpty();
    }

    void add(Consumer consumer, long[] targets, long deadlineMs, CompletableFuture<Integer> done) {
        drains.add(new Drain(consumer, targets.clone(), deadlineMs, done));
    }

    /**
     * Answers the drains that are complete, or all of them with {@code force}; drains of detached
     * consumers are always answered.
     */
    void finish(Partition[] partitions, PartitionCursor[] cursors, long nowMs, boolean force) {
        Iterator<Drain> it = drains.iterator();
        while (it.hasNext()) {
            Drain d = it.next();
            if (force || d.consumer().detached || isDrained(d, partitions, cursors, nowMs)) {
                it.remove();
                d.consumer().credit = 0;
                d.done().complete(d.consumer().drained);
            }
        }
    }

    private static boolean isDrained(Drain d, Partition[] partitions, PartitionCursor[] cursors, long nowMs) {
        for (int p = 0; p < partitions.length; p++) {
            long target = d.targets()[p];
            long highWatermark = partitions[p].log().highWatermark();
            boolean readable = highWatermark >= target || nowMs >= d.deadlineMs();
            boolean read = cursors[p].readOffset() >= Math.min(target, highWatermark) || !cursors[p].hasRoom();
            if (!readable || !read) {
                return false;
            }
        }
        return true;
    }
}
