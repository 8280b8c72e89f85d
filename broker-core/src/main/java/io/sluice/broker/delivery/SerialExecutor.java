package io.sluice.broker.delivery;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mailbox that runs its tasks one at a time, in submission order, on a shared pool: the executor
 * a subscription's state is confined to (actor style). Tasks of one mailbox never overlap, and each
 * sees everything earlier tasks wrote (the queue hand-off and the {@code running} flag publish it).
 * A busy mailbox yields its thread after a batch of tasks so that others on the pool get a turn.
 *
 * <p>Submitting never blocks. After {@link #shutdown()} tasks are dropped silently: the owner is
 * gone and its tasks have nothing left to act on.
 *
 * <p>Thread-safe.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
    private static final int BATCH = 64;

    private final String name;
    private final Executor pool;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** True while a drain is scheduled or running; at most one at a time. */
    private final AtomicBoolean running = new AtomicBoolean();
    /** Set once; checked by submitters and by the drain loop. */
    private volatile boolean shutdown;
    /** The thread running a drain, for {@link #inExecutor()}; written and cleared by that thread. */
    private volatile Thread current;

    SerialExecutor(String name, Executor pool) {
        this.name = name;
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            return;
        }
        tasks.add(task);
        schedule();
    }

    /** Whether the calling thread is running one of this executor's tasks. */
    boolean inExecutor() {
        return current == Thread.currentThread();
    }

    /** Stops running tasks; queued and later ones are dropped. */
    void shutdown() {
        shutdown = true;
        tasks.clear();
    }

    boolean isShutdown() {
        return shutdown;
    }

    private void schedule() {
        if (running.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                running.set(false);
                shutdown = true;
                tasks.clear();
                log.debug("{}: the delivery pool is shut down; dropping its tasks", name);
            }
        }
    }

    private void drain() {
        current = Thread.currentThread();
        try {
            for (int i = 0; i < BATCH && !shutdown; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("{}: a task failed", name, e);
                }
            }
        } finally {
            current = null;
            running.set(false);
        }
        if (!tasks.isEmpty() && !shutdown) {
            schedule();
        }
    }

    @Override
    public String toString() {
        return "SerialExecutor(" + name + ")";
    }
}
