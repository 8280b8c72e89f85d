package io.sluice.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogRecoveryTest {
    private static final TopicPartition TP = new TopicPartition("orders", 1);
    private static final LogConfig CONFIG = LogConfig.builder()
            .segmentBytes(4096)
            .indexIntervalBytes(256)
            .flushPolicy(FlushPolicy.GROUP)
            .build();

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(5_000_000L);

    private LogManager openManager() {
        return LogManager.builder(dataDir).clock(clock).defaultConfig(CONFIG).open();
    }

    private Path logDir() {
        return dataDir.resolve("logs").resolve(TP.directoryName());
    }

    /** Fills a log with 40 batches of 3 records (timestamps 1000 + 10 * batch) and closes it cleanly. */
    private void writeLog() throws Exception {
        try (LogManager m = openManager()) {
            PartitionLog log = m.createLog(TP, CONFIG);
            AppendResult last = null;
            for (int i = 0; i < 40; i++) {
                ByteBuf b = TestBatches.batch(1000 + 10L * i, 3, 100);
                last = log.append(b);
                b.release();
            }
            log.awaitHighWatermark(last.lastOffset()).get(10, TimeUnit.SECONDS);
        }
    }

    /** Turns a clean shutdown into what a kill -9 leaves: no marker, and the given recovery point. */
    private void simulateCrash(long recoveryPoint) throws IOException {
        Path logs = dataDir.resolve("logs");
        Files.delete(logs.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
        new OffsetCheckpointFile(logs.resolve(LogManager.RECOVERY_CHECKPOINT_FILE))
                .write(recoveryPoint < 0 ? Map.of() : Map.of(TP, recoveryPoint));
    }

    private Path activeSegmentFile() throws IOException {
        try (var files = Files.list(logDir())) {
            return files.filter(p -> p.toString().endsWith(".log"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
    }

    @Test
    void cleanReopenKeepsEverythingAndWritesNoRecoveryWork() throws Exception {
        writeLog();
        assertThat(dataDir.resolve("logs/.clean-shutdown")).exists();
        List<Long> bases;
        try (LogManager m = openManager()) {
            assertThat(dataDir.resolve("logs/.clean-shutdown"))
                    .as("marker removed on open")
                    .doesNotExist();
            PartitionLog log = m.log(TP).orElseThrow();
            assertThat(log.logEndOffset()).isEqualTo(120);
            assertThat(log.highWatermark()).isEqualTo(120);
            bases = log.segmentBaseOffsets();
            try (LogReadResult r = log.read(60, 1 << 20)) {
                assertThat(TestBatches.offsets(r.records())).startsWith(60L, 61L);
            }
            assertThat(log.offsetForTimestamp(1205)).hasValue(63);
            ByteBuf b = TestBatches.batch(9_000, 2, 10);
            assertThat(log.append(b).firstOffset()).isEqualTo(120);
            b.release();
        }
        try (LogManager m = openManager()) {
            assertThat(m.log(TP).orElseThrow().logEndOffset()).isEqualTo(122);
            assertThat(m.log(TP).orElseThrow().segmentBaseOffsets()).containsAll(bases);
        }
    }

    @Test
    void uncleanReopenTruncatesATornTailAndRebuildsItsIndexes() throws Exception {
        writeLog();
        Path active = activeSegmentFile();
        long size = Files.size(active);
        simulateCrash(-1);
        try (RandomAccessFile f = new RandomAccessFile(active.toFile(), "rw")) {
            f.setLength(size - 7);
        }
        try (LogManager m = openManager()) {
            PartitionLog log = m.log(TP).orElseThrow();
            assertThat(log.logEndOffset()).as("the torn last batch is gone").isEqualTo(117);
            assertThat(log.highWatermark()).isEqualTo(117);
            assertThat(Files.size(active)).isLessThan(size - 7);
            try (LogReadResult r = log.read(114, 1 << 20)) {
                assertThat(TestBatches.offsets(r.records())).containsExactly(114L, 115L, 116L);
            }
            ByteBuf b = TestBatches.batch(9_000, 2, 10);
            assertThat(log.append(b).firstOffset())
                    .as("offsets continue after the cut")
                    .isEqualTo(117);
            b.release();
        }
    }

    @Test
    void missingOrGarbledIndexesOfAnySegmentAreRebuiltIdentically() throws Exception {
        writeLog();
        Path first = logDir().resolve(LogSegment.fileName(0, LogSegment.INDEX_SUFFIX));
        Path firstTime = logDir().resolve(LogSegment.fileName(0, LogSegment.TIME_INDEX_SUFFIX));
        Path active = activeSegmentFile();
        Path activeIndex = Path.of(active.toString().replace(".log", ".index"));
        byte[] firstIndex = Files.readAllBytes(first);
        byte[] firstTimeIndex = Files.readAllBytes(firstTime);
        byte[] activeIndexBytes = Files.readAllBytes(activeIndex);
        assertThat(firstIndex).isNotEmpty();
        Files.delete(first);
        Files.write(firstTime, new byte[] {1, 2, 3, 4, 5});
        Files.write(activeIndex, new byte[activeIndexBytes.length]);
        try (LogManager m = openManager()) {
            PartitionLog log = m.log(TP).orElseThrow();
            assertThat(log.logEndOffset()).isEqualTo(120);
            assertThat(log.offsetForTimestamp(1015)).hasValue(6);
            try (LogReadResult r = log.read(10, 1)) {
                assertThat(TestBatches.offsets(r.records())).containsExactly(9L, 10L, 11L);
            }
        }
        assertThat(Files.readAllBytes(first)).isEqualTo(firstIndex);
        assertThat(Files.readAllBytes(firstTime)).isEqualTo(firstTimeIndex);
        assertThat(Files.readAllBytes(activeIndex)).isEqualTo(activeIndexBytes);
    }

    @Test
    void damageBelowTheRecoveryPointRefusesToOpenInsteadOfDroppingDurableData() throws Exception {
        writeLog();
        Path firstLog = logDir().resolve(LogSegment.fileName(0, LogSegment.LOG_SUFFIX));
        Files.delete(logDir().resolve(LogSegment.fileName(0, LogSegment.INDEX_SUFFIX)));
        try (RandomAccessFile f = new RandomAccessFile(firstLog.toFile(), "rw")) {
            f.seek(700);
            int b = f.read();
            f.seek(700);
            f.write(b ^ 0x10);
        }
        assertThatThrownBy(this::openManager)
                .isInstanceOf(LogStorageException.class)
                .hasMessageContaining("below the recovery point")
                .hasMessageContaining("00000000000000000000.log");
        assertThat(dataDir.resolve("logs/.clean-shutdown"))
                .as("the marker stays for the next try")
                .exists();
    }

    @Test
    void damageInAnOlderSegmentAfterTheRecoveryPointCutsTheLogThere() throws Exception {
        writeLog();
        simulateCrash(0);
        Path firstLog = logDir().resolve(LogSegment.fileName(0, LogSegment.LOG_SUFFIX));
        try (RandomAccessFile f = new RandomAccessFile(firstLog.toFile(), "rw")) {
            f.seek(1000);
            f.write(0xFF);
        }
        try (LogManager m = openManager()) {
            PartitionLog log = m.log(TP).orElseThrow();
            assertThat(log.segmentCount())
                    .as("later segments follow the damage and are dropped")
                    .isEqualTo(1);
            assertThat(log.logEndOffset()).isLessThan(30).isPositive();
            assertThat(log.offsetForTimestamp(0)).hasValue(0);
        }
    }

    @Test
    void logStartOffsetSurvivesARestartThroughItsCheckpoint() throws Exception {
        writeLog();
        try (LogManager m = openManager()) {
            m.log(TP).orElseThrow().advanceLogStartOffset(50);
        }
        try (LogManager m = openManager()) {
            PartitionLog log = m.log(TP).orElseThrow();
            assertThat(log.logStartOffset()).isEqualTo(50);
            assertThatThrownBy(() -> log.read(49, 100)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(log.offsetForTimestamp(0)).isEqualTo(OptionalLong.of(50));
        }
    }

    @Test
    void strayIndexFilesWithoutASegmentAreDeleted() throws Exception {
        writeLog();
        Path stray = logDir().resolve(LogSegment.fileName(99_999, LogSegment.INDEX_SUFFIX));
        Files.write(stray, new byte[16]);
        try (LogManager m = openManager()) {
            assertThat(stray).doesNotExist();
            assertThat(m.log(TP).orElseThrow().logEndOffset()).isEqualTo(120);
        }
    }
}
