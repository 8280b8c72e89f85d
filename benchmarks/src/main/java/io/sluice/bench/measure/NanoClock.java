package io.sluice.bench.measure;

/**
 * A monotonic nanosecond clock, injectable so schedules can be tested without sleeping.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface NanoClock {
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
