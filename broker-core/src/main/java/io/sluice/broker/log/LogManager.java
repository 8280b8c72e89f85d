package io.sluice.broker.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every partition log under {@code <dataDir>/logs/}: opens (and recovers) them at start,
 * creates and deletes them, runs the group-commit flusher threads, the notifier thread and a
 * scheduler for retention and checkpoints, and shuts them all down cleanly.
 *
 * <pre>
 * &lt;dataDir&gt;/logs/
 *   .lock                               held while a manager has the folder open
 *   .clean-shutdown                     present only between a clean close and the next open
 *   recovery-point-offset-checkpoint    per partition: offset below which data was forced to disk
 *   log-start-offset-checkpoint         per partition: log start offset
 *   orders-0/                           one folder per partition, &lt;topic&gt;-&lt;partition&gt;
 *     00000000000000000000.log
 *     00000000000000000000.index
 *     00000000000000000000.timeindex
 * </pre>
 *
 * <p>Threads (all bounded, named, stopped by {@link #close()}): {@code sluice-log-flusher-N}
 * (group-commit fsyncs; {@link Builder#flushThreads}), {@code sluice-log-notifier-0} (completes
 * high-watermark futures and calls listeners, unless {@link Builder#notificationExecutor} supplies
 * an executor), {@code sluice-log-scheduler-0} (retention and checkpoints).
 *
 * <p>Thread-safe.
 */
public final class LogManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);

    static final String LOGS_DIR = "logs";
    static final String CLEAN_SHUTDOWN_FILE = ".clean-shutdown";
    static final String LOCK_FILE = ".lock";
    static final String RECOVERY_CHECKPOINT_FILE = "recovery-point-offset-checkpoint";
    static final String LOG_START_CHECKPOINT_FILE = "log-start-offset-checkpoint";
    static final String DELETE_SUFFIX = ".delete";

    private final Path logsDir;
    private final LogConfig defaultConfig;
    private final LogContext context;
    private final ScheduledThreadPoolExecutor flusher;
    private final ExecutorService ownNotifier;
    private final ScheduledExecutorService scheduler;
    private final OffsetCheckpointFile recoveryCheckpoint;
    private final OffsetCheckpointFile logStartCheckpoint;
    private final ConcurrentHashMap<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Guards creating, deleting and closing, so that none of them races another. */
    private final Object lifecycle = new Object();

    private boolean closed;

    private LogManager(Builder b) throws IOException {
        this.logsDir = b.dataDir.resolve(LOGS_DIR);
        Files.createDirectories(logsDir);
        this.lockChannel =
                FileChannel.open(logsDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            acquired = null; // held by another manager in this process
        }
        if (acquired == null) {
            lockChannel.close();
            throw new LogStorageException("another process or log manager holds the data folder", logsDir);
        }
        this.lock = acquired;
        this.defaultConfig = b.defaultConfig;
        this.flusher = new ScheduledThreadPoolExecutor(b.flushThreads, new NamedThreadFactory("sluice-log-flusher"));
        this.ownNotifier = b.notifier == null
                ? Executors.newSingleThreadExecutor(new NamedThreadFactory("sluice-log-notifier"))
                : null;
        Executor notifier = b.notifier == null ? ownNotifier : b.notifier;
        this.context = new LogContext(b.clock, b.opener, flusher, notifier);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("sluice-log-scheduler"));
        this.recoveryCheckpoint = new OffsetCheckpointFile(logsDir.resolve(RECOVERY_CHECKPOINT_FILE));
        this.logStartCheckpoint = new OffsetCheckpointFile(logsDir.resolve(LOG_START_CHECKPOINT_FILE));
    }

    /** Starts configuring a manager for {@code dataDir}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    private void loadLogs(Function<TopicPartition, LogConfig> configFor) throws IOException {
        Path marker = logsDir.resolve(CLEAN_SHUTDOWN_FILE);
        boolean clean = Files.exists(marker);
        Map<TopicPartition, Long> recoveryPoints = readCheckpoint(recoveryCheckpoint);
        Map<TopicPartition, Long> logStarts = readCheckpoint(logStartCheckpoint);
        LOG.info(
                "opening logs in {}: {}",
                logsDir,
                clean ? "clean shutdown" : "no clean-shutdown marker, data after each recovery point is re-validated");
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(logsDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.endsWith(DELETE_SUFFIX)) {
                    deleteRecursively(dir);
                    continue;
                }
                TopicPartition tp;
                try {
                    tp = TopicPartition.fromDirectoryName(name);
                } catch (IllegalArgumentException e) {
                    LOG.warn("ignoring folder {}: {}", dir, e.getMessage());
                    continue;
                }
                RecoveryInfo info =
                        new RecoveryInfo(clean, recoveryPoints.getOrDefault(tp, -1L), logStarts.getOrDefault(tp, -1L));
                LogConfig config = Objects.requireNonNull(configFor.apply(tp), "config for " + tp);
                logs.put(tp, PartitionLog.open(tp, dir, config, context, info));
            }
        }
        Files.deleteIfExists(marker);
        ChannelIO.fsyncDirectory(logsDir);
    }

    private static Map<TopicPartition, Long> readCheckpoint(OffsetCheckpointFile file) throws IOException {
        try {
            return file.read();
        } catch (LogStorageException e) {
            LOG.warn("ignoring a damaged checkpoint; logs will be recovered in full: {}", e.getMessage());
            return Map.of();
        }
    }

    private void startBackgroundTasks(long retentionCheckIntervalMs, long checkpointIntervalMs) {
        scheduler.scheduleWithFixedDelay(
                this::retentionTask, retentionCheckIntervalMs, retentionCheckIntervalMs, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                this::checkpointTask, checkpointIntervalMs, checkpointIntervalMs, TimeUnit.MILLISECONDS);
    }

    private void retentionTask() {
        try {
            enforceRetention();
        } catch (RuntimeException e) {
            LOG.error("retention run failed", e);
        }
    }

    private void checkpointTask() {
        try {
            checkpoint();
        } catch (IOException | RuntimeException e) {
            LOG.error("writing log checkpoints failed", e);
        }
    }

    /** The folder holding the partition folders: {@code <dataDir>/logs}. */
    public Path logsDirectory() {
        return logsDir;
    }

    /**
     * Creates the log of a new partition.
     *
     * @throws IllegalStateException if the partition already has a log, or the manager is closed
     * @throws LogStorageException if its folder cannot be created
     */
    public PartitionLog createLog(TopicPartition partition, LogConfig config) {
        synchronized (lifecycle) {
            ensureOpen();
            if (logs.containsKey(partition)) {
                throw new IllegalStateException("the log of " + partition + " already exists");
            }
            return openLog(partition, config);
        }
    }

    /** The partition's log, created with {@code config} if it does not exist yet. */
    public PartitionLog getOrCreateLog(TopicPartition partition, LogConfig config) {
        synchronized (lifecycle) {
            ensureOpen();
            PartitionLog existing = logs.get(partition);
            return existing != null ? existing : openLog(partition, config);
        }
    }

    private PartitionLog openLog(TopicPartition partition, LogConfig config) {
        Path dir = logsDir.resolve(partition.directoryName());
        PartitionLog log = PartitionLog.open(partition, dir, config, context, RecoveryInfo.NEW_LOG);
        try {
            ChannelIO.fsyncDirectory(logsDir);
        } catch (IOException e) {
            log.close();
            throw new LogStorageException("cannot force the new log folder to disk", logsDir, e);
        }
        logs.put(partition, log);
        return log;
    }

    public Optional<PartitionLog> log(TopicPartition partition) {
        return Optional.ofNullable(logs.get(partition));
    }

    /** A snapshot of all open logs. */
    public Map<TopicPartition, PartitionLog> logs() {
        return Map.copyOf(logs);
    }

    /**
     * Closes the partition's log and deletes its folder. The folder is first renamed with a {@code
     * .delete} suffix, so a crash midway leaves nothing that could be mistaken for the log.
     *
     * @return false if there was no such log
     */
    public boolean deleteLog(TopicPartition partition) {
        synchronized (lifecycle) {
            ensureOpen();
            PartitionLog log = logs.remove(partition);
            if (log == null) {
                return false;
            }
            try {
                log.close();
            } catch (LogStorageException e) {
                LOG.warn("closing {} before deleting it failed", partition, e);
            }
            Path dir = log.directory();
            Path doomed = dir.resolveSibling(dir.getFileName() + "." + UUID.randomUUID() + DELETE_SUFFIX);
            try {
                Files.move(dir, doomed);
                ChannelIO.fsyncDirectory(logsDir);
                deleteRecursively(doomed);
            } catch (IOException e) {
                throw new LogStorageException("cannot delete the log of " + partition, dir, e);
            }
            return true;
        }
    }

    /** Runs retention on every log now (the scheduler also does it periodically); returns segments deleted. */
    public int enforceRetention() {
        int deleted = 0;
        for (PartitionLog log : logs.values()) {
            deleted += log.enforceRetention();
        }
        return deleted;
    }

    /** Writes the recovery-point and log-start checkpoints now (the scheduler also does it periodically). */
    public void checkpoint() throws IOException {
        Map<TopicPartition, Long> recoveryPoints = new HashMap<>();
        Map<TopicPartition, Long> logStarts = new HashMap<>();
        for (PartitionLog log : logs.values()) {
            recoveryPoints.put(log.partition(), log.recoveryPoint());
            logStarts.put(log.partition(), log.logStartOffset());
        }
        recoveryCheckpoint.write(recoveryPoints);
        logStartCheckpoint.write(logStarts);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the log manager of " + logsDir + " is closed");
        }
    }

    /**
     * Stops the background threads, closes every log (forcing it to disk), writes the checkpoints
     * and, if every log closed without error, the clean-shutdown marker. Idempotent.
     */
    @Override
    public void close() {
        shutdown(true);
    }

    private void shutdown(boolean recordCleanShutdown) {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.shutdownNow();
        awaitQuietly(scheduler);
        boolean allClean = true;
        for (PartitionLog log : logs.values()) {
            try {
                log.close();
            } catch (RuntimeException e) {
                LOG.error("closing {} failed", log.partition(), e);
            }
            allClean &= !log.isFailed();
        }
        flusher.shutdown();
        awaitQuietly(flusher);
        if (ownNotifier != null) {
            ownNotifier.shutdown();
            awaitQuietly(ownNotifier);
        }
        try {
            if (!recordCleanShutdown) {
                return;
            }
            checkpoint();
            if (allClean) {
                Files.createFile(logsDir.resolve(CLEAN_SHUTDOWN_FILE));
                ChannelIO.fsyncDirectory(logsDir);
            }
        } catch (IOException e) {
            LOG.error("could not record a clean shutdown in {}; the next start will recover the logs", logsDir, e);
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                LOG.warn("releasing the lock of {} failed", logsDir, e);
            }
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("log threads did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Configures and opens a {@link LogManager}. Not thread-safe. */
    public static final class Builder {
        private final Path dataDir;
        private Clock clock = Clock.systemUTC();
        private LogConfig defaultConfig = LogConfig.DEFAULT;
        private Function<TopicPartition, LogConfig> configResolver;
        private int flushThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private long retentionCheckIntervalMs = 5 * 60 * 1000L;
        private long checkpointIntervalMs = 60 * 1000L;
        private Executor notifier;
        private FileOpener opener = DurableLengthJournal.opener();

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** The clock for append times, segment age and retention (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Settings for logs found on disk when no resolver is set (default {@link LogConfig#DEFAULT}). */
        public Builder defaultConfig(LogConfig config) {
            this.defaultConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Looks up the settings of each log found on disk at open (e.g. from the topic metadata). */
        public Builder configResolver(Function<TopicPartition, LogConfig> resolver) {
            this.configResolver = resolver;
            return this;
        }

        /** Threads running group-commit fsyncs, for different partitions in parallel (default min(4, cores)). */
        public Builder flushThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("flushThreads must be >= 1: " + threads);
            }
            this.flushThreads = threads;
            return this;
        }

        /** How often retention runs (default 5 minutes). */
        public Builder retentionCheckIntervalMs(long intervalMs) {
            this.retentionCheckIntervalMs = positive(intervalMs, "retentionCheckIntervalMs");
            return this;
        }

        /** How often the recovery-point and log-start checkpoints are written (default 60 s). */
        public Builder checkpointIntervalMs(long intervalMs) {
            this.checkpointIntervalMs = positive(intervalMs, "checkpointIntervalMs");
            return this;
        }

        /**
         * Where high-watermark futures are completed and listeners called, instead of the manager's
         * own single notifier thread. The manager does not shut it down.
         */
        public Builder notificationExecutor(Executor executor) {
            this.notifier = executor;
            return this;
        }

        Builder fileOpener(FileOpener opener) {
            this.opener = Objects.requireNonNull(opener, "opener");
            return this;
        }

        private static long positive(long value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be > 0: " + value);
            }
            return value;
        }

        /**
         * Opens the data folder (creating it if needed), recovers every partition log in it and
         * starts the background threads.
         *
         * @throws LogStorageException if the folder is locked by another manager, cannot be read, or
         *     a log holds damage that recovery must not repair on its own
         */
        public LogManager open() {
            LogManager manager;
            try {
                manager = new LogManager(this);
            } catch (IOException e) {
                throw new LogStorageException("cannot open the data folder", dataDir, e);
            }
            Function<TopicPartition, LogConfig> resolver =
                    configResolver != null ? configResolver : tp -> defaultConfig;
            try {
                manager.loadLogs(resolver);
            } catch (IOException | RuntimeException e) {
                // Leave checkpoints and the shutdown marker as they were: nothing was recovered.
                manager.shutdown(false);
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                throw new LogStorageException("cannot open the logs", manager.logsDir, e);
            }
            manager.startBackgroundTasks(retentionCheckIntervalMs, checkpointIntervalMs);
            return manager;
        }
    }
}
