package io.sluice.broker.log;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the free space of the file systems holding the broker's data and says when producers
 * must be refused (STORAGE_FULL) so that the broker's own bookkeeping - cursor log, metadata
 * database, checkpoints, segment rolls - always finds room:
 *
 * <ul>
 *   <li>the disk counts as full while any watched file system has less than {@code minFreeBytes}
 *       usable (checked every {@code checkIntervalMs}); between two checks, the bytes producers
 *       are about to write ({@link #tryReserve}) are taken off the last reading, so a burst of
 *       appends cannot run through the reserve before the next check;
 *   <li>a write that failed for lack of space ({@link #reportNoSpace}) makes it full at once, until
 *       {@code minFreeBytes} plus {@link #RECOVERY_MARGIN_BYTES} are free again, so that a producer
 *       retrying does not meet the same failure over and over.
 * </ul>
 *
 * When space returns (consumers acknowledge and queues are reclaimed, retention deletes segments,
 * an operator frees the disk), the next check lifts the state and producers are served again.
 *
 * <p>Thread-safe: the state is published through a volatile; checks run on the scheduler.
 */
public final class DiskSpaceMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiskSpaceMonitor.class);
    /** Extra room required after a failed write before producers are served again. */
    public static final long RECOVERY_MARGIN_BYTES = 1024 * 1024;

    /** What the last check found. */
    private record State(boolean full, boolean noSpaceSeen, long usableBytes, Path tightest) {}

    private final Map<FileStore, Path> stores;
    private final long minFreeBytes;
    private final ScheduledFuture<?> task;
    /** Replaced by every check and by reports of failed writes; read by every produce. */
    private volatile State state;
    /** Bytes producers were allowed to write since the last check (reset by each check). */
    private final AtomicLong reservedSinceCheck = new AtomicLong();

    private DiskSpaceMonitor(
            Map<FileStore, Path> stores, long minFreeBytes, ScheduledExecutorService scheduler, long checkIntervalMs) {
        this.stores = stores;
        this.minFreeBytes = minFreeBytes;
        this.state = new State(false, false, Long.MAX_VALUE, null);
        check();
        this.task = scheduler.scheduleWithFixedDelay(
                this::checkQuietly, checkIntervalMs, checkIntervalMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching the file systems of {@code directories} (each existing).
     *
     * @param minFreeBytes space producers may never take; 0 to refuse only after a failed write
     * @throws LogStorageException if a directory's file system cannot be found
     */
    public static DiskSpaceMonitor start(
            List<Path> directories, long minFreeBytes, ScheduledExecutorService scheduler, long checkIntervalMs) {
        Map<FileStore, Path> stores = new LinkedHashMap<>();
        for (Path dir : directories) {
            try {
                stores.putIfAbsent(Files.getFileStore(dir), dir);
            } catch (IOException e) {
                throw new LogStorageException("cannot find the file system of", dir, e);
            }
        }
        return new DiskSpaceMonitor(stores, minFreeBytes, scheduler, checkIntervalMs);
    }

    /** Whether producers must be refused now. */
    public boolean isFull() {
        return state.full();
    }

    /**
     * Whether a producer may write {@code bytes} now: false if the disk is full, or would be by the
     * last reading once these and the other bytes allowed since then are written (unless no
     * reserve is kept: then only a failed write makes the disk full).
     */
    public boolean tryReserve(long bytes) {
        State s = state;
        if (s.full() || minFreeBytes == 0) {
            return !s.full();
        }
        long reserved = reservedSinceCheck.addAndGet(bytes);
        if (s.usableBytes() - reserved < minFreeBytes) {
            reservedSinceCheck.addAndGet(-bytes);
            state = new State(true, s.noSpaceSeen(), Math.max(0, s.usableBytes() - reserved + bytes), s.tightest());
            return false;
        }
        return true;
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }

    /** Why producers are refused, for the error message. */
    public String describe() {
        State s = state;
        return "the broker's disk is full: " + s.usableBytes() + " bytes usable in " + s.tightest() + ", and "
                + minFreeBytes + (s.noSpaceSeen() ? " + " + RECOVERY_MARGIN_BYTES : "")
                + " bytes are kept free (storage.min.free.bytes); producing resumes once space is freed";
    }

    /** A write failed for lack of space: refuse producers from now on, until space is freed. */
    public void reportNoSpace() {
        State s = state;
        if (!s.noSpaceSeen()) {
            log.warn(
                    "A write found no space left on the device; producers are refused until {} bytes are free",
                    minFreeBytes + RECOVERY_MARGIN_BYTES);
        }
        state = new State(true, true, s.usableBytes(), s.tightest());
    }

    /** Reads the usable space now and updates the state. */
    public void check() {
        long least = Long.MAX_VALUE;
        Path tightest = null;
        List<IOException> failures = new ArrayList<>();
        for (Map.Entry<FileStore, Path> e : stores.entrySet()) {
            try {
                long usable = e.getKey().getUsableSpace();
                if (usable < least) {
                    least = usable;
                    tightest = e.getValue();
                }
            } catch (IOException ex) {
                failures.add(ex);
            }
        }
        if (tightest == null) {
            if (!failures.isEmpty()) {
                log.warn(
                        "Cannot read the free space of the data directory: {}",
                        failures.get(0).toString());
            }
            return;
        }
        reservedSinceCheck.set(0);
        State before = state;
        boolean noSpaceSeen = before.noSpaceSeen() && least < minFreeBytes + RECOVERY_MARGIN_BYTES;
        boolean full = least < minFreeBytes || noSpaceSeen;
        state = new State(full, noSpaceSeen, least, tightest);
        if (full && !before.full()) {
            log.warn(
                    "Disk nearly full: {} bytes usable in {}, {} kept free; producers are refused with STORAGE_FULL",
                    least,
                    tightest,
                    minFreeBytes);
        } else if (!full && before.full()) {
            log.info("Disk space is back: {} bytes usable in {}; producers are served again", least, tightest);
        }
    }

    /**
     * Whether {@code failure} (or a cause of it) reports a device without space (ENOSPC), which
     * the JDK reports only in the message of an IOException.
     */
    public static boolean isNoSpace(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof IOException
                    && c.getMessage() != null
                    && c.getMessage().contains("No space left")) {
                return true;
            }
            for (Throwable s : c.getSuppressed()) {
                if (s instanceof IOException
                        && s.getMessage() != null
                        && s.getMessage().contains("No space left")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Checking the free disk space failed", e);
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
