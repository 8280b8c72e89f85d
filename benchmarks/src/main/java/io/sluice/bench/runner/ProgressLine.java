package io.sluice.bench.runner;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Prints one status line per interval during long phases, so a run of many minutes shows it is
 * alive and how it goes: time, driver, workload, phase and the phase's own figures.
 *
 * <p>Thread-safe: {@code PrintStream} serializes the lines.
 */
public final class ProgressLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final PrintStream out;
    private final Clock clock;
    private final long intervalNanos;

    public ProgressLine(PrintStream out, Clock clock, long intervalSeconds) {
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("progress interval must be >= 1 s, was " + intervalSeconds);
        }
        this.out = out;
        this.clock = clock;
        this.intervalNanos = intervalSeconds * 1_000_000_000L;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** Prints {@code [hh:mm:ss] driver | workload | text}. */
    public void print(String driverId, String workload, String text) {
        String now = TIME.format(LocalTime.now(clock));
        out.println(String.format(Locale.ROOT, "[%s] %s | %s | %s", now, driverId, workload, text));
    }

    /** Formats a count with thousands separators. */
    public static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
