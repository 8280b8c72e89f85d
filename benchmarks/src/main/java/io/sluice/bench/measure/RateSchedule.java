package io.sluice.bench.measure;

import java.util.concurrent.locks.LockSupport;

/**
 * When each message of one producer should be sent: message {@code n} at {@code start + n *
 * intervalNanos}. A producer that falls behind does not skip or stretch the schedule: it sends
 * late, and the stamped intended time makes the delay part of the measured latency (the
 * coordinated-omission correction). With a rate of 0 there is no schedule: every message is due
 * at once and its intended time is the moment it is sent.
 *
 * <p>Not thread-safe; confined to its producer's thread.
 */
public final class RateSchedule {
    private final NanoClock clock;
    private final long startNanos;
    private final double intervalNanos;
    private long next;

    /**
     * @param ratePerSecond this producer's share of the target rate; 0 for as fast as possible
     */
    public RateSchedule(NanoClock clock, double ratePerSecond) {
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be >= 0, was " + ratePerSecond);
        }
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.intervalNanos = ratePerSecond == 0 ? 0 : 1e9 / ratePerSecond;
    }

    /** True when the schedule is unbounded (max rate). */
    public boolean isUnbounded() {
        return intervalNanos == 0;
    }

    /** The intended send time of the next message, without waiting. */
    public long peekIntendedNanos() {
        return isUnbounded() ? clock.nanoTime() : startNanos + (long) (next * intervalNanos);
    }

    /**
     * Waits until the next message is due (not at all when behind or unbounded) and returns its
     * intended send time.
     */
    public long awaitNext() {
        long intended = peekIntendedNanos();
        next++;
        if (!isUnbounded()) {
            long wait;
            while ((wait = intended - clock.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        return intended;
    }

    /** Messages handed out so far. */
    public long issued() {
        return next;
    }
}
