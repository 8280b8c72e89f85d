package io.sluice.bench.report;

import java.util.Locale;

/**
 * How the report prints numbers: rates with thousands separators, latencies in milliseconds with
 * enough digits to compare, ratios with two decimals and a multiplication sign.
 *
 * <p>Thread-safe: stateless.
 */
public final class Figures {
    public static final String NOT_MEASURED = "not yet measured";
    public static final String NONE = "–";

    private Figures() {}

    public static String rate(double perSecond) {
        return perSecond >= 100
                ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%,.1f", perSecond);
    }

    public static String mb(double mbPerSecond) {
        return String.format(Locale.ROOT, "%,.1f", mbPerSecond);
    }

    /** Nanoseconds as milliseconds: 3 significant digits below 10 ms, whole numbers above 100. */
    public static String ms(long nanos) {
        double ms = nanos / 1e6;
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%,.0f", ms);
        }
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        if (ms >= 1) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    /** Nanoseconds as microseconds, for machine limits. */
    public static String us(long nanos) {
        return String.format(Locale.ROOT, "%,.1f", nanos / 1e3);
    }

    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f", bytes / (1024.0 * 1024));
    }

    public static String cores(double cores) {
        return String.format(Locale.ROOT, "%.2f", cores);
    }

    /** {@code subject / peer} as "1.25×", or "–" when either is missing or the peer is 0. */
    public static String ratio(double subject, double peer) {
        if (Double.isNaN(subject) || Double.isNaN(peer) || peer == 0) {
            return NONE;
        }
        return String.format(Locale.ROOT, "%.2f×", subject / peer);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
