package io.sluice.broker.log;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The futures and listeners of one partition that wait for its high watermark to pass an offset.
 * Whoever moves the high watermark calls {@link #highWatermarkAdvanced()}, which only schedules a
 * drain on the notifier executor; futures are completed and listeners called there, never on the
 * flusher or appending thread. Drains are coalesced: one pending drain at a time, reading the
 * latest high watermark when it runs.
 *
 * <p>Thread-safe: the waiter queue is guarded by {@code this}; futures are completed outside the
 * lock.
 */
final class HighWatermarkWaiters {
    private static final Logger LOG = LoggerFactory.getLogger(HighWatermarkWaiters.class);

    private final TopicPartition partition;
    private final LongSupplier highWatermark;
    private final Executor notifier;
    private final PriorityQueue<Waiter> queue = new PriorityQueue<>();
    private final List<HighWatermarkListener> listeners = new CopyOnWriteArrayList<>();
    /** Set while a drain is queued on the notifier and not yet started, to coalesce requests. */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** Guarded by this: once set, new waiters fail with it at once. */
    private RuntimeException terminal;

    private record Waiter(long offset, long sequence, CompletableFuture<Long> future) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter o) {
            int c = Long.compare(offset, o.offset);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    private long nextSequence;

    HighWatermarkWaiters(TopicPartition partition, LongSupplier highWatermark, Executor notifier) {
        this.partition = partition;
        this.highWatermark = highWatermark;
        this.notifier = notifier;
    }

    /** A future completed with the high watermark once it exceeds {@code offset}. */
    CompletableFuture<Long> await(long offset) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        long hw = highWatermark.getAsLong();
        if (offset < hw) {
            future.complete(hw);
            return future;
        }
        Waiter waiter;
        synchronized (this) {
            if (terminal != null) {
                future.completeExceptionally(terminal);
                return future;
            }
            waiter = new Waiter(offset, nextSequence++, future);
            queue.add(waiter);
        }
        future.whenComplete((v, e) -> {
            if (future.isCancelled()) {
                synchronized (this) {
                    queue.remove(waiter);
                }
            }
        });
        // The high watermark may have moved between the check and the enqueue; a drain catches it.
        if (offset < highWatermark.getAsLong()) {
            highWatermarkAdvanced();
        }
        return future;
    }

    void addListener(HighWatermarkListener listener) {
        listeners.add(listener);
    }

    void removeListener(HighWatermarkListener listener) {
        listeners.remove(listener);
    }

    /** Schedules a drain on the notifier. Cheap; safe to call with locks held. */
    void highWatermarkAdvanced() {
        if (drainQueued.compareAndSet(false, true)) {
            try {
                notifier.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainQueued.set(false);
                drain();
            }
        }
    }

    /** Completes every waiter below the current high watermark and tells the listeners. */
    void drain() {
        drainQueued.set(false);
        long hw = highWatermark.getAsLong();
        List<Waiter> ready = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && queue.peek().offset() < hw) {
                ready.add(queue.poll());
            }
        }
        for (Waiter w : ready) {
            w.future().complete(hw);
        }
        for (HighWatermarkListener listener : listeners) {
            try {
                listener.onHighWatermark(partition, hw);
            } catch (RuntimeException e) {
                LOG.warn("high watermark listener {} of {} failed", listener, partition, e);
            }
        }
    }

    /**
     * Completes the waiters below the current high watermark normally and fails all others, now and
     * in future, with {@code cause}. Runs on the calling thread.
     */
    void terminate(RuntimeException cause) {
        long hw = highWatermark.getAsLong();
        List<Waiter> all;
        synchronized (this) {
            if (terminal == null) {
                terminal = cause;
            }
            all = new ArrayList<>(queue);
            queue.clear();
        }
        for (Waiter w : all) {
            if (w.offset() < hw) {
                w.future().complete(hw);
            } else {
                w.future().completeExceptionally(cause);
            }
        }
    }

    synchronized int waiterCount() {
        return queue.size();
    }
}
