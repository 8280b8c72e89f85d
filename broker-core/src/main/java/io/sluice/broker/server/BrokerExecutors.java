package io.sluice.broker.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The broker's own thread pools, so that Netty event loops never block:
 *
 * <ul>
 *   <li>{@code sluice-storage-N}: appends (through each partition's {@link io.sluice.broker.partition.PartitionWriter}) and log
 *       reads; bounded queue.
 *   <li>{@code sluice-metadata-N}: JDBC work and password hashing; bounded queue.
 *   <li>{@code sluice-scheduler-0}: timeouts (produce durability, fetch long-poll) and periodic
 *       tasks (producer-state snapshots); its tasks only complete futures or hand work to the other
 *       pools.
 * </ul>
 *
 * <p>A full queue rejects the task; callers see a {@link RejectedExecutionException}, which the
 * error mapper turns into RESOURCE_LIMIT_EXCEEDED (retriable) rather than letting requests pile
 * up in memory.
 *
 * <p>Thread-safe.
 */
public final class BrokerExecutors implements AutoCloseable {
    private final ThreadPoolExecutor storage;
    private final ThreadPoolExecutor metadata;
    private final ScheduledThreadPoolExecutor scheduler;
    /** Set once by {@link #close()}; read by every submit. */
    private volatile boolean closed;

    public BrokerExecutors(int storageThreads, int metadataThreads, int queueCapacity) {
        this.storage = pool("sluice-storage", storageThreads, queueCapacity);
        this.metadata = pool("sluice-metadata", metadataThreads, queueCapacity);
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("sluice-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queueCapacity) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                threads(name),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    public Executor storage() {
        return this::executeStorage;
    }

    public Executor metadata() {
        return this::executeMetadata;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    private void executeStorage(Runnable task) {
        execute(storage, task);
    }

    private void executeMetadata(Runnable task) {
        execute(metadata, task);
    }

    private void execute(ExecutorService pool, Runnable task) {
        if (closed) {
            throw new BrokerShuttingDownException();
        }
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            if (closed) {
                throw new BrokerShuttingDownException();
            }
            throw new RejectedExecutionException("the broker's work queue is full; retry later", e);
        }
    }

    /** Runs blocking JDBC or hashing work on the metadata pool. */
    public <T> CompletableFuture<T> onMetadata(Supplier<T> work) {
        return supply(this::executeMetadata, work);
    }

    /** Runs blocking disk work on the storage pool. */
    public <T> CompletableFuture<T> onStorage(Supplier<T> work) {
        return supply(this::executeStorage, work);
    }

    private static <T> CompletableFuture<T> supply(Executor executor, Supplier<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    future.complete(work.get());
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
            });
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** Stops taking work, lets queued work finish for up to {@code timeoutMs}, then interrupts. */
    public void shutdown(long timeoutMs) {
        closed = true;
        scheduler.shutdownNow();
        storage.shutdown();
        metadata.shutdown();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            storage.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            metadata.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storage.shutdownNow();
        metadata.shutdownNow();
    }

    @Override
    public void close() {
        shutdown(0);
    }
}
