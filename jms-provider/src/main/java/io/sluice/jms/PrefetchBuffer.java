package io.sluice.jms;

import jakarta.jms.JMSException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The messages pushed to one consumer and not yet handed to the application, with the consumer's
 * credit as the client sees it: credit granted with CREATE_CONSUMER and FLOW, minus the messages the
 * broker pushed since. The consumer keeps {@code credit + buffered} at its prefetch.
 *
 * <p>Pushes are added on the network thread; the application or the session's dispatcher takes
 * them. A waiting taker wakes up on a push, on {@link #wakeUp()} (the connection started), on close
 * and on failure.
 *
 * <p>Thread-safe; guarded by its lock.
 */
final class PrefetchBuffer {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Delivery> deliveries = new ArrayDeque<>();
    private int credit;
    private boolean closed;
    private JMSException failure;

    /** Adds pushed deliveries; each used one credit. */
    void add(List<Delivery> pushed) {
        lock.lock();
        try {
            deliveries.addAll(pushed);
            credit = Math.max(0, credit - pushed.size());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Pushed deliveries that were settled before reaching the buffer; each used one credit. */
    void used(int n) {
        lock.lock();
        try {
            credit = Math.max(0, credit - n);
        } finally {
            lock.unlock();
        }
    }

    void granted(int n) {
        lock.lock();
        try {
            credit += n;
        } finally {
            lock.unlock();
        }
    }

    /** After a drain answered: the broker has set the credit to zero. */
    void creditDrained() {
        lock.lock();
        try {
            credit = 0;
        } finally {
            lock.unlock();
        }
    }

    int credit() {
        lock.lock();
        try {
            return credit;
        } finally {
            lock.unlock();
        }
    }

    /** Credit to grant so that credit plus buffered messages reach {@code prefetch}. */
    int shortfall(int prefetch) {
        lock.lock();
        try {
            return prefetch - credit - deliveries.size();
        } finally {
            lock.unlock();
        }
    }

    Delivery poll() {
        lock.lock();
        try {
            return deliveries.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Puts a delivery back at the head, to be taken again first. */
    void pushFront(Delivery d) {
        lock.lock();
        try {
            deliveries.addFirst(d);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return deliveries.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a delivery while {@code ready} (the connection is started), until {@code
     * deadlineNanos} ({@code Long.MAX_VALUE}: no limit).
     *
     * @return the head delivery, or null when the buffer was closed or the deadline passed
     * @throws JMSException the failure, once the connection failed
     */
    Delivery take(long deadlineNanos, BooleanSupplier ready) throws JMSException, InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return null;
                }
                if (failure != null) {
                    throw failure;
                }
                if (!deliveries.isEmpty() && ready.getAsBoolean()) {
                    return deliveries.poll();
                }
                if (deadlineNanos == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    changed.awaitNanos(left);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns every buffered delivery. */
    List<Delivery> drainAll() {
        lock.lock();
        try {
            List<Delivery> all = new ArrayList<>(deliveries);
            deliveries.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    void wakeUp() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Takers return null from now on; pushes still arriving are kept for {@link #drainAll()}. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void fail(JMSException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
