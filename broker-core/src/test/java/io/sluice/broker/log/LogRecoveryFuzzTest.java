package io.sluice.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages the active segment of a crashed log at random (truncation, junk appended, bit flips,
 * overwritten ranges, lost index files) and checks that recovery keeps exactly the intact batches
 * before the first damaged byte, serves nothing else, and rebuilds indexes identical to the ones
 * appends wrote. Rounds: {@code -Dsluice.fuzz.rounds} (default 1000); seed: {@code
 * -Dsluice.fuzz.seed}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LogRecoveryFuzzTest {
    private static final TopicPartition TP = new TopicPartition("fuzz", 0);
    private static final LogConfig CONFIG = LogConfig.builder()
            .segmentBytes(6 * 1024)
            .indexIntervalBytes(200)
            .maxBatchBytes(64 * 1024)
            .flushPolicy(FlushPolicy.OS)
            .build();

    @TempDir
    Path tmp;

    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();
    private final LogContext context = new LogContext(new MutableClock(0), FileOpener.DEFAULT, flusher, Runnable::run);

    @AfterEach
    void stop() {
        flusher.shutdownNow();
    }

    /** A log written before the "crash": its batches in order and the files of its active segment. */
    private record Template(
            Path dir,
            List<byte[]> batches,
            List<Long> timestamps,
            long activeBase,
            List<Integer> activeBatchEnds,
            byte[] activeIndex,
            byte[] activeTimeIndex) {}

    @Test
    void recoveryKeepsEveryIntactBatchAndServesNothingCorrupt() throws Exception {
        long seed = Long.getLong("sluice.fuzz.seed", System.nanoTime());
        int rounds = Integer.getInteger("sluice.fuzz.rounds", 1000);
        Random master = new Random(seed);
        Template template = null;
        for (int round = 0; round < rounds; round++) {
            long roundSeed = master.nextLong();
            try {
                if (round % 50 == 0) {
                    template = buildTemplate(new Random(roundSeed), tmp.resolve("template-" + round));
                }
                runRound(template, new Random(roundSeed), tmp.resolve("round-" + round));
            } catch (Throwable e) {
                throw new AssertionError(
                        "fuzz round " + round + " failed; rerun with -Dsluice.fuzz.seed=" + seed + " (round seed "
                                + roundSeed + ")",
                        e);
            }
        }
    }

    private Template buildTemplate(Random random, Path dir) throws IOException {
        List<byte[]> batches = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        PartitionLog log = PartitionLog.open(TP, dir, CONFIG, context, RecoveryInfo.NEW_LOG);
        try {
            while (log.segmentCount() < 3 || activeSize(log) < 2500) {
                ByteBuf b = TestBatches.randomBatch(random, 6, 120, 1_000_000 + batches.size() * 300L);
                try {
                    log.append(b);
                    byte[] bytes = ByteBufUtil.getBytes(b);
                    batches.add(bytes);
                    for (Record r : RecordBatch.wrap(b.duplicate())) {
                        timestamps.add(r.timestamp());
                    }
                } finally {
                    b.release();
                }
            }
        } finally {
            log.close();
        }
        long activeBase = log.segmentBaseOffsets().get(log.segmentBaseOffsets().size() - 1);
        List<Integer> ends = new ArrayList<>();
        int position = 0;
        long offset = 0;
        for (byte[] b : batches) {
            RecordBatch batch = RecordBatch.wrap(io.netty.buffer.Unpooled.wrappedBuffer(b));
            if (offset >= activeBase) {
                position += b.length;
                ends.add(position);
            }
            offset = batch.nextOffset();
        }
        return new Template(
                dir,
                batches,
                timestamps,
                activeBase,
                ends,
                Files.readAllBytes(dir.resolve(LogSegment.fileName(activeBase, LogSegment.INDEX_SUFFIX))),
                Files.readAllBytes(dir.resolve(LogSegment.fileName(activeBase, LogSegment.TIME_INDEX_SUFFIX))));
    }

    private static long activeSize(PartitionLog log) {
        return log.segmentsView().lastEntry().getValue().sizeInBytes();
    }

    private void runRound(Template t, Random random, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(t.dir())) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path active = dir.resolve(LogSegment.fileName(t.activeBase(), LogSegment.LOG_SUFFIX));
        long firstDamage = damage(active, random);
        if (random.nextInt(4) == 0) {
            Files.delete(dir.resolve(LogSegment.fileName(t.activeBase(), LogSegment.INDEX_SUFFIX)));
        }
        if (random.nextInt(4) == 0) {
            Files.write(
                    dir.resolve(LogSegment.fileName(t.activeBase(), LogSegment.TIME_INDEX_SUFFIX)),
                    randomBytes(random, 30));
        }
        long recoveryPoint = random.nextBoolean() ? t.activeBase() : -1;

        int keptActive = 0;
        while (keptActive < t.activeBatchEnds().size() && t.activeBatchEnds().get(keptActive) <= firstDamage) {
            keptActive++;
        }
        int keptBatches = t.batches().size() - t.activeBatchEnds().size() + keptActive;
        long expectedEnd = 0;
        for (int i = 0; i < keptBatches; i++) {
            expectedEnd = RecordBatch.wrap(
                            io.netty.buffer.Unpooled.wrappedBuffer(t.batches().get(i)))
                    .nextOffset();
        }

        PartitionLog log = PartitionLog.open(TP, dir, CONFIG, context, new RecoveryInfo(false, recoveryPoint, -1));
        try {
            assertThat(log.logEndOffset())
                    .as("log end after damage at %d", firstDamage)
                    .isEqualTo(expectedEnd);
            assertThat(log.highWatermark()).isEqualTo(expectedEnd);
            assertServesExactly(log, t.batches().subList(0, keptBatches));
            assertIndexesMatch(t, dir, expectedEnd);
            List<Long> keptTimestamps = t.timestamps().subList(0, (int) expectedEnd);
            for (int i = 0; i < 8; i++) {
                long target = 1_000_000 - 1000 + random.nextInt(t.batches().size() * 300 + 2000);
                assertThat(log.offsetForTimestamp(target))
                        .as("offsetForTimestamp(%d)", target)
                        .isEqualTo(firstAtOrAfter(keptTimestamps, target));
            }
            ByteBuf more = TestBatches.batch(2_000_000L, 2, 16);
            try {
                assertThat(log.append(more).firstOffset()).isEqualTo(expectedEnd);
            } finally {
                more.release();
            }
            try (LogReadResult r = log.read(expectedEnd, 1)) {
                assertThat(TestBatches.offsets(r.records())).containsExactly(expectedEnd, expectedEnd + 1);
            }
        } finally {
            log.close();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** Damages the file and returns the position of the first byte that differs from the original. */
    private static long damage(Path file, Random random) throws IOException {
        byte[] original = Files.readAllBytes(file);
        byte[] damaged;
        switch (random.nextInt(5)) {
            case 0 -> damaged = Arrays.copyOf(original, random.nextInt(original.length + 1));
            case 1 -> {
                byte[] junk = randomBytes(random, 1 + random.nextInt(300));
                damaged = Arrays.copyOf(original, original.length + junk.length);
                System.arraycopy(junk, 0, damaged, original.length, junk.length);
            }
            case 2 -> {
                damaged = original.clone();
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(damaged.length);
                    damaged[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 3 -> {
                damaged = original.clone();
                int from = random.nextInt(damaged.length);
                int to = Math.min(damaged.length, from + 1 + random.nextInt(64));
                byte[] junk = randomBytes(random, to - from);
                System.arraycopy(junk, 0, damaged, from, junk.length);
            }
            default -> {
                int cut = random.nextInt(original.length + 1);
                damaged = Arrays.copyOf(original, cut + 1 + random.nextInt(200));
                byte[] junk = randomBytes(random, damaged.length - cut);
                System.arraycopy(junk, 0, damaged, cut, junk.length);
            }
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.write(damaged);
        }
        int common = Math.min(original.length, damaged.length);
        for (int i = 0; i < common; i++) {
            if (original[i] != damaged[i]) {
                return i;
            }
        }
        return common;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void assertServesExactly(PartitionLog log, List<byte[]> expected) {
        List<byte[]> served = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.highWatermark()) {
            try (LogReadResult r = log.read(next, 1 + (int) (next % 900))) {
                for (RecordBatch b : TestBatches.parse(r.records())) {
                    BatchValidator.validate(b);
                    served.add(ByteBufUtil.getBytes(b.buffer()));
                }
                next = r.nextOffset();
            }
        }
        assertThat(served).hasSameSizeAs(expected);
        for (int i = 0; i < served.size(); i++) {
            assertThat(served.get(i)).as("batch %d", i).isEqualTo(expected.get(i));
        }
    }

    /** The rebuilt indexes hold exactly the entries appends wrote for the batches that were kept. */
    private static void assertIndexesMatch(Template t, Path dir, long end) throws IOException {
        byte[] index = Files.readAllBytes(dir.resolve(LogSegment.fileName(t.activeBase(), LogSegment.INDEX_SUFFIX)));
        byte[] timeIndex =
                Files.readAllBytes(dir.resolve(LogSegment.fileName(t.activeBase(), LogSegment.TIME_INDEX_SUFFIX)));
        assertThat(index).isEqualTo(prefixBelow(t.activeIndex(), 8, 0, end - t.activeBase()));
        assertThat(timeIndex).isEqualTo(prefixBelow(t.activeTimeIndex(), 12, 8, end - t.activeBase()));
    }

    /** The leading entries whose relative offset (an int at {@code offsetAt}) is below {@code limit}. */
    private static byte[] prefixBelow(byte[] entries, int entrySize, int offsetAt, long limit) {
        ByteBuffer b = ByteBuffer.wrap(entries);
        int n = 0;
        while ((n + 1) * entrySize <= entries.length && b.getInt(n * entrySize + offsetAt) < limit) {
            n++;
        }
        return Arrays.copyOf(entries, n * entrySize);
    }

    private static OptionalLong firstAtOrAfter(List<Long> timestamps, long target) {
        for (int i = 0; i < timestamps.size(); i++) {
            if (timestamps.get(i) >= target) {
                return OptionalLong.of(i);
            }
        }
        return OptionalLong.empty();
    }
}
