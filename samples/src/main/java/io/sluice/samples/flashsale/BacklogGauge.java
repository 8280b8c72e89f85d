package io.sluice.samples.flashsale;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The depth of the request queue as the sale sees it: requests sent minus requests a desk has
 * taken, and its peak. A request counts as queued from its send (it may still be on its way to the
 * broker) until a desk starts on it (it may have waited in the desk's prefetch buffer).
 *
 * <p>Thread-safe: atomics updated by the sending threads and the desks.
 */
final class BacklogGauge {
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    void onSent() {
        long depth = sent.incrementAndGet() - taken.get();
        peak.accumulateAndGet(depth, Math::max);
    }

    /** A desk took a request, or the broker refused one. */
    void onTaken() {
        taken.incrementAndGet();
    }

    long depth() {
        return Math.max(0, sent.get() - taken.get());
    }

    long peak() {
        return peak.get();
    }
}
