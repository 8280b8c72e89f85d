package io.sluice.bench.result;

/**
 * Whether a workload produced figures on a driver: {@code MEASURED}; {@code NOT_MEASURED} because
 * the driver is not available (not on the class path yet); or {@code FAILED} with a reason.
 *
 * <p>Immutable; thread-safe.
 */
public enum Outcome {
    MEASURED,
    NOT_MEASURED,
    FAILED
}
