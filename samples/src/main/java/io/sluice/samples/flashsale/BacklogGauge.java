package io.sluice.samples.flashsale;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The depth of the request queue as the sale sees it: requests the broker has accepted minus
 * requests a desk has taken (including those waiting in a desk's prefetch buffer), and its peak.
 *
 * <p>Thread-safe: atomics updated by the senders' completion threads and the desks.
 */
final class BacklogGauge {
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    void onAccepted() {
        long depth = accepted.incrementAndGet() - taken.get();
        peak.accumulateAndGet(depth, Math::max);
    }

    void onTaken() {
        taken.incrementAndGet();
    }

    long depth() {
        return Math.max(0, accepted.get() - taken.get());
    }

    long peak() {
        return peak.get();
    }
}
