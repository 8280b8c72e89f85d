package io.sluice.bench.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Collects one latency {@link Recorder} into a total for the measured window, while letting the
 * progress line see each interval. Values recorded before {@link #startMeasuring()} (the warm-up)
 * are dropped.
 *
 * <p>Not thread-safe; confined to the runner's control thread (recording threads only touch the
 * {@link Recorder}, which is thread-safe).
 */
public final class LatencyWindow {
    private final Recorder recorder;
    private final Histogram total = new Histogram(3);
    private Histogram interval;
    private boolean measuring;

    public LatencyWindow(Recorder recorder) {
        this.recorder = recorder;
    }

    /** Drops everything recorded so far; values from now on count. */
    public void startMeasuring() {
        interval = recorder.getIntervalHistogram(interval);
        total.reset();
        measuring = true;
    }

    /** Moves the values recorded since the last call into the total and returns them. */
    public Histogram tick() {
        interval = recorder.getIntervalHistogram(interval);
        if (measuring) {
            total.add(interval);
        }
        return interval;
    }

    /** Takes a last tick and returns the measured window's summary. */
    public LatencySummary finish() {
        tick();
        measuring = false;
        return LatencySummary.of(total);
    }
}
