package io.sluice.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogDiskErrorTest {
    private static final TopicPartition TP = new TopicPartition("disk", 0);

    @TempDir
    Path dataDir;

    private final FaultyFileChannel.Faults faults = new FaultyFileChannel.Faults();
    private LogManager manager;

    private PartitionLog open(FlushPolicy policy) {
        manager = LogManager.builder(dataDir)
                .fileOpener((path, options) -> new FaultyFileChannel(FileChannel.open(path, options), faults))
                .open();
        return manager.getOrCreateLog(
                TP,
                LogConfig.builder()
                        .segmentBytes(8192)
                        .indexIntervalBytes(100)
                        .flushPolicy(policy)
                        .build());
    }

    @AfterEach
    void close() {
        faults.reset();
        if (manager != null) {
            manager.close();
        }
    }

    private static AppendResult append(PartitionLog log, int records) {
        ByteBuf b = TestBatches.batch(1L, records, 100);
        try {
            return log.append(b);
        } finally {
            b.release();
        }
    }

    private Path segmentFile() {
        return dataDir.resolve("logs/disk-0/00000000000000000000.log");
    }

    @Test
    void aRollThatRunsOutOfSpaceLeavesTheLogUsable() throws Exception {
        PartitionLog log = open(FlushPolicy.ALWAYS);
        long next = 0;
        while (log.segmentCount() == 1 && Files.size(segmentFile()) < 7000) {
            next = append(log, 3).lastOffset() + 1;
        }
        assertThat(log.segmentCount()).isEqualTo(1);
        // The next append rolls; the old segment's final time index entry (12 bytes) cannot be written.
        faults.writeBudgetBytes.set(5);
        assertThatThrownBy(() -> append(log, 20))
                .isInstanceOf(LogStorageException.class)
                .hasMessageContaining("final time index entry")
                .hasRootCauseMessage("No space left on device");
        assertThat(log.isFailed()).isFalse();
        assertThat(log.logEndOffset()).isEqualTo(next);

        faults.writeBudgetBytes.set(-1);
        assertThat(append(log, 20).firstOffset()).isEqualTo(next);
        assertThat(log.segmentCount()).isEqualTo(2);
        try (LogReadResult r = log.read(0, 1 << 20)) {
            assertThat(r.isEmpty()).isFalse();
        }
        // A restart finds consistent indexes (recovery would rebuild them otherwise, logging it).
        manager.close();
        manager = null;
        PartitionLog reopened = open(FlushPolicy.ALWAYS);
        assertThat(reopened.logEndOffset()).isEqualTo(next + 20);
    }

    @Test
    void aWriteThatRunsOutOfSpaceIsUndoneAndTheNextAppendReusesItsOffsets() throws Exception {
        PartitionLog log = open(FlushPolicy.ALWAYS);
        append(log, 3);
        append(log, 3);
        long sizeBefore = Files.size(segmentFile());
        faults.writeBudgetBytes.set(150);
        assertThatThrownBy(() -> append(log, 5))
                .isInstanceOf(LogStorageException.class)
                .hasMessageContaining("truncated back to offset 6")
                .hasMessageContaining("00000000000000000000.log")
                .hasRootCauseMessage("No space left on device");
        assertThat(Files.size(segmentFile())).isEqualTo(sizeBefore);
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(log.isFailed()).isFalse();

        faults.writeBudgetBytes.set(-1);
        assertThat(append(log, 2).firstOffset()).isEqualTo(6);
        try (LogReadResult r = log.read(0, 1 << 20)) {
            assertThat(TestBatches.offsets(r.records())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        }
    }

    @Test
    void aFailedIndexWriteIsUndoneToo() {
        PartitionLog log = open(FlushPolicy.ALWAYS);
        append(log, 1);
        append(log, 1);
        ByteBuf b = TestBatches.batch(1L, 1, 100);
        // Exactly the batch fits; the index entry written after it does not.
        faults.writeBudgetBytes.set(b.readableBytes());
        assertThatThrownBy(() -> log.append(b)).isInstanceOf(LogStorageException.class);
        b.release();
        faults.writeBudgetBytes.set(-1);
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(append(log, 1).firstOffset()).isEqualTo(2);
        try (LogReadResult r = log.read(2, 10)) {
            assertThat(TestBatches.offsets(r.records())).containsExactly(2L);
        }
    }

    @Test
    void aFailedGroupFsyncFailsTheWaitersAndTheLogButLosesNothingAcknowledged() throws Exception {
        PartitionLog log = open(FlushPolicy.GROUP);
        AppendResult acked = append(log, 3);
        log.awaitHighWatermark(acked.lastOffset()).get(10, TimeUnit.SECONDS);

        faults.failForce.set(true);
        AppendResult pending = append(log, 3);
        CompletableFuture<Long> durable = log.awaitHighWatermark(pending.lastOffset());
        assertThatThrownBy(() -> durable.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(LogStorageException.class)
                .hasMessageContaining("fsync");
        assertThat(log.isFailed()).isTrue();
        assertThat(log.highWatermark()).as("nothing unflushed became visible").isEqualTo(3);
        assertThatThrownBy(() -> append(log, 1))
                .isInstanceOf(LogStorageException.class)
                .hasMessageContaining("failed earlier");
        try (LogReadResult r = log.read(0, 1 << 20)) {
            assertThat(TestBatches.offsets(r.records())).containsExactly(0L, 1L, 2L);
        }

        faults.reset();
        manager.close();
        assertThat(dataDir.resolve("logs/.clean-shutdown"))
                .as("a failed log is not a clean shutdown")
                .doesNotExist();
        PartitionLog reopened = open(FlushPolicy.GROUP);
        assertThat(reopened.isFailed()).isFalse();
        assertThat(reopened.logEndOffset())
                .as("recovery keeps the acknowledged prefix")
                .isGreaterThanOrEqualTo(3);
        try (LogReadResult r = reopened.read(0, 1 << 20)) {
            assertThat(TestBatches.offsets(r.records())).startsWith(0L, 1L, 2L);
        }
    }
}
