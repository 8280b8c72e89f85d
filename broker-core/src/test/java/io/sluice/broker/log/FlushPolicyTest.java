package io.sluice.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlushPolicyTest {
    private static final TopicPartition TP = new TopicPartition("events", 3);

    @TempDir
    Path dataDir;

    private LogManager manager;

    private PartitionLog open(FlushPolicy policy, long lingerMs) {
        manager = LogManager.builder(dataDir).clock(new MutableClock(0)).open();
        return manager.createLog(
                TP,
                LogConfig.builder()
                        .segmentBytes(64 * 1024)
                        .flushPolicy(policy)
                        .flushLingerMs(lingerMs)
                        .build());
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private static AppendResult append(PartitionLog log) {
        ByteBuf b = TestBatches.batch(1L, 4, 100);
        try {
            return log.append(b);
        } finally {
            b.release();
        }
    }

    @Test
    void alwaysAndOsMakeAnAppendVisibleBeforeItReturns() {
        PartitionLog log = open(FlushPolicy.ALWAYS, 0);
        long fsyncsBefore = log.fsyncCount();
        AppendResult r = append(log);
        assertThat(log.highWatermark()).isEqualTo(r.lastOffset() + 1);
        assertThat(log.fsyncCount()).as("one fsync per append").isEqualTo(fsyncsBefore + 1);
        assertThat(log.awaitHighWatermark(r.lastOffset())).isCompletedWithValue(4L);
        manager.close();

        manager = LogManager.builder(dataDir.resolve("os")).open();
        PartitionLog os = manager.createLog(
                TP, LogConfig.builder().flushPolicy(FlushPolicy.OS).build());
        long osFsyncs = os.fsyncCount();
        for (int i = 0; i < 10; i++) {
            append(os);
        }
        assertThat(os.highWatermark()).isEqualTo(os.logEndOffset()).isEqualTo(40);
        assertThat(os.fsyncCount()).as("OS never forces outside roll and close").isEqualTo(osFsyncs);
    }

    @Test
    void groupCommitCompletesDurableFuturesOnTheNotifierThread() throws Exception {
        PartitionLog log = open(FlushPolicy.GROUP, 0);
        AppendResult r = append(log);
        CompletableFuture<String> thread = log.awaitHighWatermark(r.lastOffset())
                .thenApply(hw -> Thread.currentThread().getName());
        String name = thread.get(10, TimeUnit.SECONDS);
        assertThat(log.highWatermark()).isEqualTo(4);
        // Either the flush was already done (completed on this thread) or the notifier completed it.
        assertThat(name).satisfiesAnyOf(n -> assertThat(n).startsWith("sluice-log-notifier"), n -> assertThat(n)
                .isEqualTo(Thread.currentThread().getName()));
        AppendResult r2 = append(log);
        CompletableFuture<Long> pending = log.awaitHighWatermark(r2.lastOffset() + 100);
        assertThat(pending).isNotDone();
        assertThat(log.awaitHighWatermark(r2.lastOffset()).get(10, TimeUnit.SECONDS))
                .isGreaterThanOrEqualTo(8L);
    }

    @Test
    void readersNeverSeeBeyondTheHighWatermark() throws Exception {
        PartitionLog log = open(FlushPolicy.GROUP, 200);
        AppendResult r = append(log);
        // With a 200 ms linger the flush has not happened yet: the append is written but invisible.
        assertThat(log.logEndOffset()).isEqualTo(4);
        if (log.highWatermark() == 0) {
            try (LogReadResult read = log.read(0, 1000)) {
                assertThat(read.isEmpty()).isTrue();
            }
            assertThatThrownBy(() -> log.read(1, 1000)).isInstanceOf(OffsetOutOfRangeException.class);
        }
        log.awaitHighWatermark(r.lastOffset()).get(10, TimeUnit.SECONDS);
        try (LogReadResult read = log.read(0, 1000)) {
            assertThat(TestBatches.offsets(read.records())).containsExactly(0L, 1L, 2L, 3L);
        }
    }

    @Test
    void awaitDurableSkipsTheLingerOnlyForItsCaller() throws Exception {
        // A linger far beyond the test's timeout: only awaitDurable can make anything durable.
        PartitionLog log = open(FlushPolicy.GROUP, 600_000);
        AppendResult first = append(log);
        assertThat(log.awaitHighWatermark(first.lastOffset())).isNotDone();
        assertThat(log.highWatermark()).as("lingering, not flushed").isZero();

        assertThat(log.awaitDurable(first.lastOffset()).get(10, TimeUnit.SECONDS))
                .isEqualTo(4L);
        assertThat(log.fsyncCount()).isEqualTo(1);

        // The next appends linger again until someone waits for them; then they share one fsync.
        append(log);
        AppendResult third = append(log);
        Thread.sleep(100);
        assertThat(log.highWatermark()).isEqualTo(4);
        assertThat(log.awaitDurable(third.lastOffset()).get(10, TimeUnit.SECONDS))
                .isEqualTo(12L);
        assertThat(log.fsyncCount()).isEqualTo(2);
        assertThat(log.awaitDurable(third.lastOffset())).as("already durable").isCompletedWithValue(12L);
    }

    @Test
    void awaitDurableFromManyThreadsNeverStrandsAWaiter() throws Exception {
        PartitionLog log = open(FlushPolicy.GROUP, 600_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        log.awaitDurable(append(log).lastOffset()).get(10, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.highWatermark()).isEqualTo(log.logEndOffset()).isEqualTo(4 * 200 * 4);
    }

    @Test
    void concurrentAppendersShareFsyncs() throws Exception {
        PartitionLog log = open(FlushPolicy.GROUP, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    List<CompletableFuture<Long>> acks = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        acks.add(log.awaitHighWatermark(append(log).lastOffset()));
                    }
                    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                            .join();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.highWatermark()).isEqualTo(log.logEndOffset()).isEqualTo(3200);
        assertThat(log.fsyncCount())
                .as("group commit: fewer fsyncs than appends")
                .isLessThan(800);
    }

    @Test
    void listenersHearEveryAdvanceEventually() throws Exception {
        PartitionLog log = open(FlushPolicy.GROUP, 0);
        List<Long> heard = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        HighWatermarkListener listener = (tp, hw) -> {
            heard.add(hw);
            threads.add(Thread.currentThread().getName());
        };
        log.addHighWatermarkListener(listener);
        AppendResult last = null;
        for (int i = 0; i < 20; i++) {
            last = append(log);
        }
        log.awaitHighWatermark(last.lastOffset()).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((heard.isEmpty() || heard.get(heard.size() - 1) < 80) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(heard).isSorted().last().isEqualTo(80L);
        assertThat(threads).allSatisfy(n -> assertThat(n).startsWith("sluice-log-notifier"));
        log.removeHighWatermarkListener(listener);
    }

    @Test
    void cancelledWaitersAreForgottenAndCloseFailsTheRest() throws Exception {
        PartitionLog log = open(FlushPolicy.GROUP, 0);
        CompletableFuture<Long> cancelled = log.awaitHighWatermark(1000);
        CompletableFuture<Long> pending = log.awaitHighWatermark(2000);
        assertThat(log.waitersForTest()).isEqualTo(2);
        cancelled.cancel(false);
        assertThat(log.waitersForTest()).isEqualTo(1);
        manager.close();
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(LogClosedException.class);
        assertThatThrownBy(() -> append(log)).isInstanceOf(LogClosedException.class);
        assertThat(log.awaitHighWatermark(5000)).isCompletedExceptionally();
    }
}
