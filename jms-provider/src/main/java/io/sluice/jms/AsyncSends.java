package io.sluice.jms;

import jakarta.jms.CompletionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's asynchronous sends (JMS 2.0 {@code send(..., CompletionListener)}) in the order they
 * were made. Their CompletionListeners are called on the session's dispatcher thread, never the
 * network thread, and in send order even when the broker answers sends to different partitions out
 * of order: a completed send waits for the sends before it.
 *
 * <p>While a callback runs, {@link #currentCallbackSession()} and {@link #currentCallbackProducer()}
 * tell the session and producer what they may not do (close themselves, commit).
 *
 * <p>Thread-safe; guarded by its own monitor.
 */
final class AsyncSends {
    private static final Logger log = LoggerFactory.getLogger(AsyncSends.class);

    /** The session and producer whose CompletionListener the current thread is running. */
    private static final ThreadLocal<Pending> CALLBACK = new ThreadLocal<>();

    private final SluiceSession session;
    private final SessionDispatcher dispatcher;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private static final class Pending {
        final SluiceSession session;
        final Object producer;
        final Message message;
        final CompletionListener listener;
        final CompletableFuture<?> future;
        final String what;
        boolean done;
        Throwable failure;

        Pending(
                SluiceSession session,
                Object producer,
                Message message,
                CompletionListener listener,
                CompletableFuture<?> future,
                String what) {
            this.session = session;
            this.producer = producer;
            this.message = message;
            this.listener = listener;
            this.future = future;
            this.what = what;
        }
    }

    AsyncSends(SluiceSession session, SessionDispatcher dispatcher) {
        this.session = session;
        this.dispatcher = dispatcher;
    }

    static SluiceSession currentCallbackSession() {
        Pending p = CALLBACK.get();
        return p == null ? null : p.session;
    }

    static Object currentCallbackProducer() {
        Pending p = CALLBACK.get();
        return p == null ? null : p.producer;
    }

    /** Tracks a send; {@code listener} is called once {@code future} completes and earlier sends were reported. */
    void add(Object producer, Message message, CompletionListener listener, CompletableFuture<?> future, String what) {
        Pending p = new Pending(session, producer, message, listener, future, what);
        synchronized (this) {
            pending.add(p);
        }
        future.whenComplete((v, e) -> {
            synchronized (this) {
                p.done = true;
                p.failure = e;
            }
            dispatcher.execute(this::reportCompleted);
        });
    }

    /**
     * Calls the listeners of completed sends at the head of the queue. Dispatcher thread. A send
     * leaves the queue only once its listener has returned, so that a thread waiting for the
     * queue to empty ({@link #awaitReported}) never returns while a listener still runs.
     */
    void reportCompleted() {
        while (true) {
            Pending head;
            synchronized (this) {
                head = pending.peek();
                if (head == null || !head.done) {
                    return;
                }
            }
            report(head);
            synchronized (this) {
                pending.poll();
                notifyAll();
            }
        }
    }

    private void report(Pending p) {
        CALLBACK.set(p);
        try {
            if (p.failure == null) {
                p.listener.onCompletion(p.message);
            } else {
                JMSException e = JmsExceptions.from(p.what, p.failure);
                p.listener.onException(p.message, e);
            }
        } catch (RuntimeException e) {
            log.warn("a CompletionListener threw", e);
        } finally {
            CALLBACK.remove();
        }
    }

    /** Whether sends of {@code producer} (any producer if null) are not yet reported. */
    synchronized boolean hasPending(Object producer) {
        for (Pending p : pending) {
            if (producer == null || p.producer == producer) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until every send of {@code producer} (of any producer if null) has been reported to its
     * listener. On the dispatcher thread, which would otherwise wait for itself, it reports them
     * itself as they complete.
     *
     * @return false if {@code timeoutMs} passed first
     */
    boolean awaitReported(Object producer, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        if (dispatcher.isCurrentThread()) {
            while (hasPending(producer)) {
                Pending head;
                synchronized (this) {
                    head = pending.peek();
                }
                if (!awaitFuture(head, deadline)) {
                    return false;
                }
                synchronized (this) {
                    head.done = true;
                    if (head.future.isCompletedExceptionally()) {
                        head.failure = failureOf(head.future);
                    }
                }
                reportCompleted();
            }
            return true;
        }
        synchronized (this) {
            while (hasPending(producer)) {
                long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, leftNanos);
            }
            return true;
        }
    }

    private static boolean awaitFuture(Pending head, long deadline) throws InterruptedException {
        try {
            head.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
