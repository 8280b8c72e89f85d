package io.sluice.broker.log;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every partition log of a {@link LogManager} shares: the clock, how files are opened, the
 * flusher threads (group commit) and the notifier that completes high-watermark futures. Immutable.
 */
record LogContext(Clock clock, FileOpener opener, ScheduledExecutorService flushExecutor, Executor notifier) {
    LogContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(flushExecutor, "flushExecutor");
        Objects.requireNonNull(notifier, "notifier");
    }
}
