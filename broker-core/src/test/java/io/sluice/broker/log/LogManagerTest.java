package io.sluice.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogManagerTest {
    private static final TopicPartition A = new TopicPartition("alpha", 0);
    private static final TopicPartition B = new TopicPartition("beta.v2_x", 7);

    @TempDir
    Path dataDir;

    private static void append(PartitionLog log, int records) {
        ByteBuf b = TestBatches.batch(1L, records, 20);
        try {
            log.append(b);
        } finally {
            b.release();
        }
    }

    @Test
    void createsOpensAndDeletesPartitionFolders() throws Exception {
        LogConfig small = LogConfig.builder().segmentBytes(2048).build();
        try (LogManager m = LogManager.builder(dataDir).open()) {
            append(m.createLog(A, small), 3);
            append(m.getOrCreateLog(B, small), 5);
            assertThat(m.getOrCreateLog(B, small)).isSameAs(m.log(B).orElseThrow());
            assertThatThrownBy(() -> m.createLog(A, small))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already exists");
            assertThat(dataDir.resolve("logs/alpha-0/00000000000000000000.log")).exists();
            assertThat(dataDir.resolve("logs/beta.v2_x-7/00000000000000000000.timeindex"))
                    .exists();
            assertThat(m.logs()).containsOnlyKeys(A, B);
        }
        assertThat(dataDir.resolve("logs/.clean-shutdown")).exists();
        assertThat(Files.readAllLines(dataDir.resolve("logs/recovery-point-offset-checkpoint")))
                .containsExactly("0", "2", "alpha-0 3", "beta.v2_x-7 5");
        try (LogManager m =
                LogManager.builder(dataDir).configResolver(tp -> small).open()) {
            assertThat(m.logs()).containsOnlyKeys(A, B);
            assertThat(m.log(B).orElseThrow().logEndOffset()).isEqualTo(5);
            assertThat(m.log(B).orElseThrow().config()).isEqualTo(small);
            assertThat(m.deleteLog(A)).isTrue();
            assertThat(m.deleteLog(A)).isFalse();
            assertThat(dataDir.resolve("logs/alpha-0")).doesNotExist();
        }
        try (LogManager m = LogManager.builder(dataDir).open()) {
            assertThat(m.logs()).containsOnlyKeys(B);
        }
    }

    @Test
    void aSecondManagerCannotOpenTheSameFolder() {
        try (LogManager m = LogManager.builder(dataDir).open()) {
            assertThatThrownBy(() -> LogManager.builder(dataDir).open())
                    .isInstanceOf(LogStorageException.class)
                    .hasMessageContaining("another process");
        }
    }

    @Test
    void theSchedulerAppliesRetentionAndWritesCheckpoints() throws Exception {
        MutableClock clock = new MutableClock(10_000_000L);
        LogConfig config = LogConfig.builder()
                .segmentBytes(1024)
                .retentionMs(1000)
                .flushPolicy(FlushPolicy.ALWAYS)
                .build();
        try (LogManager m = LogManager.builder(dataDir)
                .clock(clock)
                .retentionCheckIntervalMs(10)
                .checkpointIntervalMs(10)
                .open()) {
            PartitionLog log = m.createLog(A, config);
            for (int i = 0; i < 20; i++) {
                ByteBuf b = TestBatches.batch(clock.millis(), 4, 50);
                log.append(b);
                b.release();
            }
            int segments = log.segmentCount();
            assertThat(segments).isGreaterThan(2);
            clock.advanceMs(5000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (log.segmentCount() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(log.segmentCount()).isEqualTo(1);
            long start = log.logStartOffset();
            assertThat(start).isPositive();
            while (!readsStart(start) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(readsStart(start)).as("log start checkpointed").isTrue();
        }
    }

    private boolean readsStart(long start) throws Exception {
        Map<TopicPartition, Long> starts =
                new OffsetCheckpointFile(dataDir.resolve("logs/log-start-offset-checkpoint")).read();
        return starts.getOrDefault(A, -1L) == start;
    }

    @Test
    void foldersBeingDeletedAreFinishedOnOpenAndOddFoldersIgnored() throws Exception {
        Files.createDirectories(dataDir.resolve("logs/alpha-0.abc.delete"));
        Files.write(dataDir.resolve("logs/alpha-0.abc.delete/00000000000000000000.log"), new byte[10]);
        Files.createDirectories(dataDir.resolve("logs/not a partition"));
        try (LogManager m = LogManager.builder(dataDir).open()) {
            assertThat(m.logs()).isEmpty();
            assertThat(dataDir.resolve("logs/alpha-0.abc.delete")).doesNotExist();
        }
    }

    @Test
    void aDamagedCheckpointMeansFullRecoveryNotFailure() throws Exception {
        try (LogManager m = LogManager.builder(dataDir).open()) {
            append(m.createLog(A, LogConfig.DEFAULT), 4);
        }
        Files.delete(dataDir.resolve("logs/.clean-shutdown"));
        Files.writeString(dataDir.resolve("logs/recovery-point-offset-checkpoint"), "garbage\n");
        try (LogManager m = LogManager.builder(dataDir).open()) {
            assertThat(m.log(A).orElseThrow().logEndOffset()).isEqualTo(4);
        }
    }
}
