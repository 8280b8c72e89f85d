package io.sluice.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer and several readers on one partition for a few seconds ({@code
 * -Dsluice.concurrency.ms}): every reader must see an ordered, gapless prefix of what was written,
 * never beyond the high watermark, while segments roll and retention deletes old ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogConcurrencyTest {
    private static final int READERS = 3;

    @TempDir
    Path dataDir;

    @Test
    void readersSeeAnOrderedGaplessPrefixWhileTheWriterAppends() throws Exception {
        long durationMs = Long.getLong("sluice.concurrency.ms", 3000);
        LogConfig config = LogConfig.builder()
                .segmentBytes(64 * 1024)
                .indexIntervalBytes(1024)
                .flushPolicy(FlushPolicy.GROUP)
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 2);
        try (LogManager manager = LogManager.builder(dataDir).open()) {
            PartitionLog log = manager.createLog(new TopicPartition("load", 0), config);
            AtomicBoolean stop = new AtomicBoolean();
            Future<Long> writer = pool.submit(() -> {
                long tag = 0;
                CompletableFuture<Long> lastAck = CompletableFuture.completedFuture(0L);
                while (!stop.get()) {
                    int count = 1 + (int) (tag % 7);
                    long[] ts = new long[count];
                    java.util.Arrays.fill(ts, tag);
                    ByteBuf b = TestBatches.batch(ts, 40 + (int) (tag % 300), tag);
                    try {
                        AppendResult r = log.append(b);
                        assertThat(r.firstOffset()).isEqualTo(tag);
                        lastAck = log.awaitHighWatermark(r.lastOffset());
                    } finally {
                        b.release();
                    }
                    tag += count;
                }
                lastAck.get(10, TimeUnit.SECONDS);
                return tag;
            });
            Future<?> retention = pool.submit(() -> {
                while (!stop.get()) {
                    long hw = log.highWatermark();
                    if (hw > 20_000) {
                        log.advanceLogStartOffset(hw - 20_000);
                    }
                    Thread.sleep(20);
                }
                return null;
            });
            List<Future<Long>> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                int maxBytes = 1000 + i * 20_000;
                readers.add(pool.submit(() -> readUntilStopped(log, stop, maxBytes)));
            }
            Thread.sleep(durationMs);
            stop.set(true);
            long written = writer.get(30, TimeUnit.SECONDS);
            retention.get(30, TimeUnit.SECONDS);
            for (Future<Long> reader : readers) {
                assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive().isLessThanOrEqualTo(written);
            }
            assertThat(log.highWatermark()).isEqualTo(written);
            assertThat(log.segmentCount()).isGreaterThan(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads forward; if retention overtakes the reader it jumps to the log start, like a consumer. */
    private static long readUntilStopped(PartitionLog log, AtomicBoolean stop, int maxBytes) throws Exception {
        long next = 0;
        long seen = 0;
        while (!stop.get() || next < log.highWatermark()) {
            long hwBefore = log.highWatermark();
            LogReadResult r;
            try {
                r = log.read(next, maxBytes);
            } catch (OffsetOutOfRangeException e) {
                assertThat(e.requestedOffset()).isLessThan(e.logStartOffset());
                next = e.logStartOffset();
                continue;
            }
            try (r) {
                if (r.isEmpty()) {
                    log.awaitHighWatermark(next).get(10, TimeUnit.SECONDS);
                    continue;
                }
                long expected = next;
                boolean first = true;
                for (RecordBatch batch : TestBatches.parse(r.records())) {
                    for (Record record : batch) {
                        if (first && record.offset() < next) {
                            continue;
                        }
                        first = false;
                        assertThat(record.offset()).isEqualTo(expected);
                        assertThat(record.value().getLong(record.value().readerIndex()))
                                .as("record at offset %d holds what was written there", expected)
                                .isEqualTo(expected);
                        expected++;
                        seen++;
                    }
                }
                assertThat(expected).isEqualTo(r.nextOffset()).isLessThanOrEqualTo(r.highWatermark());
                assertThat(r.highWatermark()).isGreaterThanOrEqualTo(hwBefore);
                next = expected;
            }
        }
        return seen;
    }
}
