package io.sluice.bench.measure;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency distribution, in nanoseconds. {@code count == 0} means nothing was
 * recorded and all values are 0.
 *
 * <p>Immutable; thread-safe.
 */
public record LatencySummary(long count, long p50Nanos, long p99Nanos, long p999Nanos, long maxNanos) {
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0);

    public static LatencySummary of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                h.getTotalCount(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getMaxValue());
    }

    public boolean isEmpty() {
        return count == 0;
    }
}
