package io.sluice.client;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor, whatever its number of
 * threads. Completions of one producer's sends and connection events therefore reach user code in
 * the order they happened. A task that throws is logged and does not stop later tasks.
 *
 * <p>Thread-safe; guarded by its own monitor.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    /** Marks threads while they run client callbacks, so blocking calls can refuse to deadlock. */
    private static final ThreadLocal<Boolean> IN_CALLBACK = ThreadLocal.withInitial(() -> false);

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The delegate has shut down (the client is closing): run here rather than lose a completion.
            drain();
        }
    }

    /** Whether the current thread is running a client callback. */
    static boolean isCallbackThread() {
        return IN_CALLBACK.get();
    }

    private void drain() {
        boolean outer = IN_CALLBACK.get();
        IN_CALLBACK.set(true);
        try {
            drainTasks();
        } finally {
            IN_CALLBACK.set(outer);
        }
    }

    private void drainTasks() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                log.error("client callback threw", e);
            }
        }
    }
}
