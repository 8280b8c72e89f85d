package io.sluice.broker.partition;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The single writer of one partition: runs its tasks one at a time, in submission order, on the
 * shared storage pool. Submitting never blocks, so a Netty event loop can submit a produce request's
 * appends in the order the requests arrived; the tasks themselves may block on disk.
 *
 * <p>Because a partition's tasks never overlap, checking a batch's producer sequence and appending
 * it is one atomic step: no other batch of the partition can slip in between.
 *
 * <p>Thread-safe: the queue is guarded by this object's lock; tasks run on one thread at a time.
 */
public final class PartitionWriter {
    /** A unit of work; {@link #reject} is called instead of {@link #run} if it can never run. */
    public interface Task {
        void run();

        void reject(RuntimeException reason);
    }

    private final String name;
    private final Executor pool;
    private final int maxQueued;
    // guarded by this
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    // guarded by this
    private boolean draining;

    /**
     * @param name the partition, for error messages
     * @param maxQueued tasks that may wait; more are refused with RejectedExecutionException
     */
    public PartitionWriter(String name, Executor pool, int maxQueued) {
        this.name = name;
        this.pool = pool;
        this.maxQueued = maxQueued;
    }

    /**
     * Queues a task behind those already submitted.
     *
     * @throws RejectedExecutionException if too many tasks wait for this partition
     */
    public void submit(Task task) {
        synchronized (this) {
            if (queue.size() >= maxQueued) {
                throw new RejectedExecutionException(
                        maxQueued + " appends already wait for partition " + name + "; retry later");
            }
            queue.addLast(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RuntimeException e) {
            failQueued(e);
        }
    }

    private void drain() {
        // Runs a bounded number of tasks, then yields the thread so one busy partition cannot
        // monopolise a storage thread.
        for (int i = 0; i < 64; i++) {
            Task task;
            synchronized (this) {
                task = queue.pollFirst();
                if (task == null) {
                    draining = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                task.reject(e);
            }
        }
        schedule();
    }

    private void failQueued(RuntimeException reason) {
        while (true) {
            Task task;
            synchronized (this) {
                task = queue.pollFirst();
                if (task == null) {
                    draining = false;
                    return;
                }
            }
            task.reject(reason);
        }
    }
}
