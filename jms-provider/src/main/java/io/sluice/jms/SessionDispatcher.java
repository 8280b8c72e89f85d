package io.sluice.jms;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's one thread of control for callbacks: MessageListener deliveries and CompletionListener
 * calls of the session run here, one at a time, in submission order - never on the network thread,
 * and never two at once for one session, as JMS sessions are single-threaded. The thread is started
 * on first use and ends when the session closes.
 *
 * <p>Thread-safe; guarded by its own monitor.
 */
final class SessionDispatcher {
    private static final Logger log = LoggerFactory.getLogger(SessionDispatcher.class);

    private final String threadName;
    private ExecutorService executor;
    private boolean shutdown;
    /** Volatile: compared with the current thread by any thread. */
    private volatile Thread thread;

    SessionDispatcher(String threadName) {
        this.threadName = threadName;
    }

    /** Queues a task; after {@link #shutdown()} tasks are dropped. */
    void execute(Runnable task) {
        ExecutorService e;
        synchronized (this) {
            if (shutdown) {
                return;
            }
            if (executor == null) {
                executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(() -> {
                        thread = Thread.currentThread();
                        r.run();
                    });
                    t.setName(threadName);
                    t.setDaemon(true);
                    return t;
                });
            }
            e = executor;
        }
        try {
            e.execute(() -> run(task));
        } catch (RejectedExecutionException rejected) {
            log.debug("{} is shut down; dropping a task", threadName);
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            log.error("a session callback failed", e);
        }
    }

    /** Whether the calling thread is this dispatcher's thread. */
    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Waits until every task queued before this call has finished (so a listener in progress has
     * returned). Returns at once on the dispatcher thread itself, or when nothing was ever queued.
     *
     * @return false if {@code timeoutMs} passed first
     */
    boolean awaitIdle(long timeoutMs) throws InterruptedException {
        if (isCurrentThread()) {
            return true;
        }
        CountDownLatch passed = new CountDownLatch(1);
        synchronized (this) {
            if (executor == null || executor.isShutdown()) {
                return awaitTermination(timeoutMs);
            }
            execute(passed::countDown);
        }
        return passed.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private boolean awaitTermination(long timeoutMs) throws InterruptedException {
        ExecutorService e = executor;
        return e == null || isCurrentThread() || e.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Stops accepting tasks; tasks already queued still run, then the thread ends. */
    void shutdown() {
        synchronized (this) {
            shutdown = true;
            if (executor != null) {
                executor.shutdown();
            }
        }
    }
}
