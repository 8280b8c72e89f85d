package io.sluice.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.RecordBatch;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartitionLogTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final LogConfig SMALL = LogConfig.builder()
            .segmentBytes(4096)
            .indexIntervalBytes(256)
            .flushPolicy(FlushPolicy.ALWAYS)
            .build();

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(1_000_000L);
    private LogManager manager;

    @BeforeEach
    void open() {
        manager = LogManager.builder(dataDir).clock(clock).open();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static AppendResult append(PartitionLog log, ByteBuf batch) {
        try {
            return log.append(batch);
        } finally {
            batch.release();
        }
    }

    @Test
    void appendAssignsConsecutiveOffsetsInPlaceAndReturnsThem() {
        PartitionLog log = manager.createLog(TP, SMALL);
        ByteBuf first = TestBatches.batch(100L, 3, 10);
        AppendResult r1 = log.append(first);
        assertThat(RecordBatch.readFrom(first.duplicate(), TestBatches.MAX_BATCH)
                        .baseOffset())
                .as("base offset written in place")
                .isZero();
        first.release();
        AppendResult r2 =
                append(log, TestBatches.concat(TestBatches.batch(200L, 2, 10), TestBatches.batch(300L, 4, 10)));

        assertThat(r1.firstOffset()).isZero();
        assertThat(r1.lastOffset()).isEqualTo(2);
        assertThat(r1.recordCount()).isEqualTo(3);
        assertThat(r1.appendTimeMs()).isEqualTo(1_000_000L);
        assertThat(r2.firstOffset()).isEqualTo(3);
        assertThat(r2.lastOffset()).isEqualTo(8);
        assertThat(r2.recordCount()).isEqualTo(6);
        assertThat(log.logEndOffset()).isEqualTo(9);
        assertThat(log.highWatermark()).as("ALWAYS: durable on return").isEqualTo(9);
        try (LogReadResult read = log.read(0, 1 << 20)) {
            assertThat(TestBatches.offsets(read.records())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            assertThat(read.nextOffset()).isEqualTo(9);
        }
    }

    @Test
    void invalidInputIsRejectedWholeAndLeavesTheLogUnchanged() {
        PartitionLog log =
                manager.createLog(TP, SMALL.toBuilder().maxBatchBytes(1024).build());
        append(log, TestBatches.batch(1L, 1, 10));

        ByteBuf corrupt = TestBatches.concat(TestBatches.batch(1L, 2, 10), TestBatches.batch(2L, 2, 10));
        int secondBatch = TestBatches.parse(corrupt).get(0).sizeInBytes();
        corrupt.setByte(secondBatch + 60, corrupt.getByte(secondBatch + 60) ^ 0x01);
        assertThatThrownBy(() -> append(log, corrupt))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("CRC");

        ByteBuf big = TestBatches.batch(1L, 1, 2000);
        assertThatThrownBy(() -> append(log, big)).isInstanceOf(InvalidRecordException.class);

        ByteBuf truncated = TestBatches.batch(1L, 2, 10);
        truncated.writerIndex(truncated.writerIndex() - 1);
        assertThatThrownBy(() -> append(log, truncated))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("truncated");

        ByteBuf empty = io.netty.buffer.Unpooled.buffer(0);
        assertThatThrownBy(() -> append(log, empty)).isInstanceOf(InvalidRecordException.class);

        assertThat(log.logEndOffset()).isEqualTo(1);
        assertThat(append(log, TestBatches.batch(1L, 1, 10)).firstOffset()).isEqualTo(1);
    }

    @Test
    void batchWithRecordsThatDisagreeWithItsHeaderIsRejected() {
        PartitionLog log = manager.createLog(TP, SMALL);
        ByteBuf batch = TestBatches.batch(1L, 3, 10);
        // lastOffsetDelta 5 for 3 records: offsets would not be contiguous. Recompute the CRC so only the rule fires.
        batch.setInt(19, 5);
        rewriteCrc(batch);
        assertThatThrownBy(() -> append(log, batch))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("contiguous");
        assertThat(log.logEndOffset()).isZero();
    }

    static void rewriteCrc(ByteBuf batch) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(batch.nioBuffer(17, batch.readableBytes() - 17));
        batch.setInt(13, (int) crc.getValue());
    }

    @Test
    void readReturnsWholeBatchesAtLeastOneAndContinuesWhereItStopped() {
        PartitionLog log = manager.createLog(
                TP, LogConfig.builder().flushPolicy(FlushPolicy.OS).build());
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ByteBuf b = TestBatches.batch(i * 10L, 5, 100);
            sizes.add(b.readableBytes());
            append(log, b);
        }
        // maxBytes smaller than one batch still yields that batch.
        try (LogReadResult r = log.read(0, 10)) {
            assertThat(r.records().readableBytes()).isEqualTo(sizes.get(0));
            assertThat(r.firstOffset()).isZero();
            assertThat(r.nextOffset()).isEqualTo(5);
        }
        // An offset inside a batch returns the whole batch holding it.
        try (LogReadResult r = log.read(7, sizes.get(1) + sizes.get(2) + 5)) {
            assertThat(r.firstOffset()).isEqualTo(5);
            assertThat(TestBatches.offsets(r.records())).first().isEqualTo(5L);
            assertThat(TestBatches.offsets(r.records())).last().isEqualTo(14L);
            assertThat(r.nextOffset()).isEqualTo(15);
        }
        // Walk the whole log in small reads: gapless and ordered.
        List<Long> all = new ArrayList<>();
        long next = 0;
        while (next < log.highWatermark()) {
            try (LogReadResult r = log.read(next, 700)) {
                all.addAll(TestBatches.offsets(r.records()));
                next = r.nextOffset();
            }
        }
        assertThat(all).hasSize(100);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i)).isEqualTo(i);
        }
        try (LogReadResult r = log.read(100, 1000)) {
            assertThat(r.isEmpty()).isTrue();
            assertThat(r.nextOffset()).isEqualTo(100);
        }
        assertThatThrownBy(() -> log.read(101, 1000))
                .isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("[0, 100]");
        assertThatThrownBy(() -> log.read(-1, 1000)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void readsSpanSegmentsOneSegmentPerSlice() {
        PartitionLog log = manager.createLog(TP, SMALL);
        for (int i = 0; i < 40; i++) {
            append(log, TestBatches.batch(i, 3, 100));
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        long next = 0;
        List<Long> all = new ArrayList<>();
        while (next < log.highWatermark()) {
            try (LogSlice slice = log.slice(next, 1 << 20)) {
                Path segment = dataDir.resolve("logs/orders-0")
                        .resolve(LogSegment.fileName(log.segmentsView().floorKey(next), LogSegment.LOG_SUFFIX));
                assertThat(slice.position() + slice.sizeInBytes())
                        .isLessThanOrEqualTo(segment.toFile().length());
                try (LogReadResult r = log.read(next, 1 << 20)) {
                    all.addAll(TestBatches.offsets(r.records()));
                    assertThat(r.nextOffset()).isEqualTo(slice.nextOffset());
                }
                next = slice.nextOffset();
            }
        }
        assertThat(all).hasSize(120).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void sliceTransfersTheSameBytesAsReadAndSurvivesSegmentDeletion() throws Exception {
        PartitionLog log =
                manager.createLog(TP, SMALL.toBuilder().retentionBytes(0).build());
        for (int i = 0; i < 40; i++) {
            append(log, TestBatches.batch(i, 3, 100));
        }
        LogSlice slice = log.slice(0, 1000);
        ByteBuf copied = slice.readBytes(io.netty.buffer.ByteBufAllocator.DEFAULT);
        assertThat(log.enforceRetention()).isPositive();
        assertThat(log.logStartOffset()).isPositive();
        assertThat(Files.exists(dataDir.resolve("logs/orders-0/00000000000000000000.log")))
                .isFalse();
        Path out = dataDir.resolve("out.bin");
        try (FileChannel target = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertThat(slice.transferTo(target)).isEqualTo(slice.sizeInBytes());
        } finally {
            slice.close();
        }
        byte[] expected = new byte[copied.readableBytes()];
        copied.getBytes(copied.readerIndex(), expected);
        copied.release();
        assertThat(Files.readAllBytes(out)).isEqualTo(expected);
        assertThatThrownBy(() -> log.read(0, 100)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void rollsBySizeAndByAge() {
        PartitionLog log =
                manager.createLog(TP, SMALL.toBuilder().segmentMs(60_000).build());
        ByteBuf b = TestBatches.batch(1L, 10, 100);
        int batchBytes = b.readableBytes();
        b.release();
        int perSegment = 4096 / batchBytes;
        for (int i = 0; i < perSegment; i++) {
            append(log, TestBatches.batch(1L, 10, 100));
        }
        assertThat(log.segmentCount()).isEqualTo(1);
        append(log, TestBatches.batch(1L, 10, 100));
        assertThat(log.segmentCount()).as("size roll").isEqualTo(2);
        assertThat(log.segmentBaseOffsets()).containsExactly(0L, perSegment * 10L);

        clock.advanceMs(59_999);
        append(log, TestBatches.batch(1L, 1, 10));
        assertThat(log.segmentCount()).isEqualTo(2);
        clock.advanceMs(1);
        append(log, TestBatches.batch(1L, 1, 10));
        assertThat(log.segmentCount()).as("age roll").isEqualTo(3);
    }

    @Test
    void oversizedBatchGetsASegmentOfItsOwn() {
        PartitionLog log = manager.createLog(TP, SMALL);
        append(log, TestBatches.batch(1L, 1, 10));
        append(log, TestBatches.batch(1L, 2, 6000));
        append(log, TestBatches.batch(1L, 1, 10));
        assertThat(log.segmentBaseOffsets()).containsExactly(0L, 1L, 3L);
        try (LogReadResult r = log.read(1, 10)) {
            assertThat(TestBatches.offsets(r.records())).containsExactly(1L, 2L);
        }
    }

    @Test
    void retentionByTimeDeletesOnlyExpiredClosedSegmentsFromTheFront() {
        PartitionLog log =
                manager.createLog(TP, SMALL.toBuilder().retentionMs(10_000).build());
        long now = clock.millis();
        for (int i = 0; i < 30; i++) {
            append(log, TestBatches.batch(now - 20_000 + i * 1000L, 5, 100));
        }
        int before = log.segmentCount();
        assertThat(before).isGreaterThan(3);
        assertThat(log.enforceRetention()).isPositive();
        // Every remaining closed segment's newest record is within retention, or it is the active one.
        List<Long> bases = log.segmentBaseOffsets();
        assertThat(bases.get(0)).isEqualTo(log.logStartOffset());
        try (LogReadResult r = log.read(log.logStartOffset(), 1 << 20)) {
            RecordBatch last = TestBatches.parse(r.records())
                    .get(TestBatches.parse(r.records()).size() - 1);
            assertThat(last.maxTimestamp()).isGreaterThanOrEqualTo(now - 10_000);
        }
        clock.advanceMs(1_000_000);
        log.enforceRetention();
        assertThat(log.segmentCount()).as("the active segment is never deleted").isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(log.segmentBaseOffsets().get(0));
        assertThat(log.logEndOffset()).isEqualTo(150);
    }

    @Test
    void retentionBySizeKeepsTheLogUnderTheLimit() {
        PartitionLog log =
                manager.createLog(TP, SMALL.toBuilder().retentionBytes(10_000).build());
        for (int i = 0; i < 100; i++) {
            append(log, TestBatches.batch(clock.millis(), 5, 100));
        }
        long sizeBefore = log.sizeInBytes();
        int deleted = log.enforceRetention();
        assertThat(deleted).isPositive();
        long first = log.segmentsView().firstEntry().getValue().sizeInBytes();
        assertThat(log.sizeInBytes())
                .as("never below the limit")
                .isGreaterThanOrEqualTo(10_000)
                .isLessThan(sizeBefore);
        assertThat(log.sizeInBytes() - first)
                .as("deleting one more would go below it")
                .isLessThan(10_000);
    }

    @Test
    void advanceLogStartOffsetHidesThePrefixAndDeletesWholeSegmentsOnly() {
        PartitionLog log = manager.createLog(TP, SMALL);
        for (int i = 0; i < 40; i++) {
            append(log, TestBatches.batch(i, 3, 100));
        }
        List<Long> bases = log.segmentBaseOffsets();
        long inSecond = bases.get(1) + 2;
        assertThat(log.advanceLogStartOffset(inSecond)).isEqualTo(inSecond);
        assertThat(log.segmentBaseOffsets())
                .as("the first segment is entirely below")
                .startsWith(bases.get(1));
        assertThat(log.logStartOffset()).isEqualTo(inSecond);
        assertThatThrownBy(() -> log.read(inSecond - 1, 100)).isInstanceOf(OffsetOutOfRangeException.class);
        try (LogReadResult r = log.read(inSecond, 100)) {
            assertThat(TestBatches.offsets(r.records())).contains(inSecond);
        }
        assertThat(log.advanceLogStartOffset(1)).as("never backwards").isEqualTo(inSecond);
        assertThatThrownBy(() -> log.advanceLogStartOffset(log.highWatermark() + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(log.advanceLogStartOffset(log.highWatermark())).isEqualTo(120);
        assertThat(log.segmentCount()).isEqualTo(1);
        try (LogReadResult r = log.read(120, 100)) {
            assertThat(r.isEmpty()).isTrue();
        }
    }

    @Test
    void offsetForTimestampFindsTheFirstRecordAtOrAfterIt() {
        PartitionLog log = manager.createLog(TP, SMALL);
        List<long[]> all = new ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 60; i++) {
            long[] ts = new long[1 + random.nextInt(5)];
            for (int j = 0; j < ts.length; j++) {
                ts[j] = 10_000 + i * 100L + random.nextInt(400) - 200;
            }
            all.add(ts);
            append(log, TestBatches.batch(ts, 50, 0));
        }
        List<Long> flat = new ArrayList<>();
        all.forEach(a -> {
            for (long t : a) {
                flat.add(t);
            }
        });
        for (long target = 9_000; target <= 16_500; target += 37) {
            assertThat(log.offsetForTimestamp(target)).as("target %d", target).isEqualTo(bruteForce(flat, target, 0));
        }
        log.advanceLogStartOffset(50);
        for (long target = 9_000; target <= 16_500; target += 37) {
            assertThat(log.offsetForTimestamp(target)).isEqualTo(bruteForce(flat, target, 50));
        }
    }

    static OptionalLong bruteForce(List<Long> timestamps, long target, long from) {
        for (int i = (int) from; i < timestamps.size(); i++) {
            if (timestamps.get(i) >= target) {
                return OptionalLong.of(i);
            }
        }
        return OptionalLong.empty();
    }
}
