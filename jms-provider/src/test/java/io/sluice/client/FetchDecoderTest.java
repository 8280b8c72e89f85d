package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.api.FetchRequest;
import io.sluice.protocol.api.FetchResponse;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FetchDecoderTest {
    private final List<ByteBuf> toRelease = new ArrayList<>();

    @AfterEach
    void release() {
        toRelease.forEach(ByteBuf::release);
    }

    /** A batch of values {@code first..first+count-1} stored at {@code baseOffset}. */
    private ByteBuf batch(long baseOffset, int first, int count, int attributes) {
        RecordBatchBuilder builder =
                new RecordBatchBuilder(PooledByteBufAllocator.DEFAULT, 256, -1L, (short) -1, -1, attributes);
        for (int i = first; i < first + count; i++) {
            builder.append(
                    1_000L + i,
                    (byte) 2,
                    Unpooled.copiedBuffer("k" + i, StandardCharsets.UTF_8),
                    Unpooled.copiedBuffer("v" + i, StandardCharsets.UTF_8),
                    List.of(Header.of("h", ("x" + i).getBytes(StandardCharsets.UTF_8))));
        }
        ByteBuf buf = builder.build();
        RecordBatch.wrap(buf).setBaseOffset(baseOffset);
        return buf;
    }

    private FetchResult decode(long fetchOffset, ByteBuf... batches) {
        CompositeByteBuf records = Unpooled.compositeBuffer();
        for (ByteBuf b : batches) {
            records.addComponent(true, b);
        }
        FetchResponse response = new FetchResponse(List.of(new FetchResponse.TopicData(
                "t", List.of(new FetchResponse.PartitionData(0, ErrorCode.NONE, null, 100, 0, records)))));
        ByteBuf body = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            response.write(body);
            FetchRequest request = new FetchRequest(
                    0,
                    1,
                    1 << 20,
                    List.of(new FetchRequest.TopicFetch(
                            "t", List.of(new FetchRequest.PartitionFetch(0, fetchOffset, 1 << 20)))));
            return FetchDecoder.decode(request, body);
        } finally {
            body.release();
            records.release();
        }
    }

    private static List<String> values(FetchResult result) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord r : result) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    @Test
    void recordsBeforeTheFetchOffsetAreSkipped() {
        FetchResult result = decode(12, batch(10, 0, 5, 0), batch(15, 5, 3, 0));

        assertThat(values(result)).containsExactly("v2", "v3", "v4", "v5", "v6", "v7");
        ConsumerRecord first = result.records().get(0);
        assertThat(first.offset()).isEqualTo(12);
        assertThat(first.timestamp()).isEqualTo(1_002L);
        assertThat(first.attributes()).isEqualTo((byte) 2);
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("k2");
        assertThat(new String(first.header("h"), StandardCharsets.UTF_8)).isEqualTo("x2");
        PartitionRecords p = result.partition(new TopicPartition("t", 0));
        assertThat(p.nextOffset()).isEqualTo(18);
        assertThat(p.highWatermark()).isEqualTo(100);
    }

    @Test
    void controlBatchesAreSkippedButMoveTheNextOffset() {
        FetchResult result =
                decode(0, batch(0, 0, 2, 0), batch(2, 100, 1, RecordBatch.CONTROL_FLAG), batch(3, 2, 1, 0));
        assertThat(values(result)).containsExactly("v0", "v1", "v2");
        assertThat(result.partition(new TopicPartition("t", 0)).nextOffset()).isEqualTo(4);
    }

    @Test
    void aCorruptBatchBecomesAPartitionError() {
        ByteBuf bad = batch(0, 0, 3, 0);
        bad.setByte(bad.writerIndex() - 2, bad.getByte(bad.writerIndex() - 2) ^ 0x11);
        FetchResult result = decode(0, bad);
        PartitionRecords p = result.partition(new TopicPartition("t", 0));
        assertThat(p.error()).isEqualTo(ErrorCode.CORRUPT_RECORD);
        assertThat(p.errorMessage()).contains("CRC32C");
        assertThat(p.records()).isEmpty();
        assertThat(p.nextOffset()).isZero();
        assertThat(p.exception().error()).isEqualTo(ErrorCode.CORRUPT_RECORD);
    }

    @Test
    void aTrailingPartialBatchIsLeftForTheNextFetch() {
        ByteBuf whole = batch(0, 0, 2, 0);
        ByteBuf next = batch(2, 2, 4, 0);
        ByteBuf partial = next.retainedSlice(0, next.readableBytes() - 5);
        next.release();
        FetchResult result = decode(0, whole, partial);
        assertThat(values(result)).containsExactly("v0", "v1");
        assertThat(result.partition(new TopicPartition("t", 0)).nextOffset()).isEqualTo(2);
    }

    @Test
    void recordsOutliveTheNetworkBuffer() {
        FetchResult result = decode(0, batch(0, 0, 3, 0));
        // decode() released every buffer; the copies must still read correctly.
        System.gc();
        assertThat(values(result)).containsExactly("v0", "v1", "v2");
    }
}
