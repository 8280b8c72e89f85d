package io.sluice.client;

/**
 * Reconnect delays: {@code baseMs * 2^attempt}, capped at {@code maxMs}, spread by up to ±20% so
 * that many clients of one restarted broker do not reconnect in lockstep.
 *
 * <p>Stateless; thread-safe.
 */
final class Backoff {
    private Backoff() {}

    /**
     * @param attempt 0 for the first reconnect attempt
     * @param jitter a number in [0, 1) (random in production)
     */
    static long delayMs(int attempt, long baseMs, long maxMs, double jitter) {
        double exponential = baseMs * Math.pow(2, Math.min(attempt, 30));
        double capped = Math.min(exponential, maxMs);
        double spread = capped * (0.8 + 0.4 * jitter);
        return Math.max(0L, Math.min(maxMs, Math.round(spread)));
    }
}
