package io.sluice.bench.driver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What the runner gives a driver when starting a system: a fresh data directory on the disk under
 * test (deleted by the runner afterwards), the measured fsync latency of that disk if the run
 * measured it (p50 of a 4 KiB write + fdatasync into a preallocated file, for drivers that tune a
 * flush timer to it), and how long a broker may take to start.
 *
 * <p>Immutable; thread-safe.
 */
public record DriverContext(Path dataDir, OptionalLong fsyncNanos, Duration startTimeout) {}
