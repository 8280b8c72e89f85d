package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordBatchTest {
    private static final int MAX_BATCH = 16 * 1024 * 1024;
    private final List<ByteBuf> toRelease = new ArrayList<>();

    @AfterEach
    void releaseBuffers() {
        toRelease.forEach(ByteBuf::release);
    }

    private ByteBuf keep(ByteBuf buf) {
        toRelease.add(buf);
        return buf;
    }

    private static ByteBuf utf8(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void everyHeaderAndRecordFieldRoundTrips() {
        RecordBatchBuilder builder = new RecordBatchBuilder(
                PooledByteBufAllocator.DEFAULT, 64, 42L, (short) 7, 1000, RecordBatch.TRANSACTIONAL_FLAG);
        builder.append(1_000L, (byte) 3, utf8("k1"), utf8("v1"), List.of(Header.of("h", new byte[] {1, 2})));
        builder.append(900L, (byte) 0, null, null, List.of());
        builder.append(5_000L, (byte) 9, Unpooled.EMPTY_BUFFER, Unpooled.EMPTY_BUFFER, List.of(Header.of("n", null)));
        ByteBuf bytes = keep(builder.build());

        RecordBatch batch = RecordBatch.wrap(bytes).ensureValid();
        batch.setBaseOffset(500L);
        assertThat(batch.isValid()).as("base offset is outside the CRC").isTrue();
        assertThat(batch.baseOffset()).isEqualTo(500L);
        assertThat(batch.lastOffset()).isEqualTo(502L);
        assertThat(batch.nextOffset()).isEqualTo(503L);
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.isControl()).isFalse();
        assertThat(batch.firstTimestamp()).isEqualTo(1_000L);
        assertThat(batch.maxTimestamp()).isEqualTo(5_000L);
        assertThat(batch.producerId()).isEqualTo(42L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 7);
        assertThat(batch.baseSequence()).isEqualTo(1000);
        assertThat(batch.lastSequence()).isEqualTo(1002);
        assertThat(batch.recordCount()).isEqualTo(3);
        assertThat(batch.sizeInBytes()).isEqualTo(bytes.readableBytes());

        List<Record> records = new ArrayList<>();
        batch.forEach(records::add);
        assertThat(records).hasSize(3);

        Record first = records.get(0);
        assertThat(first.offset()).isEqualTo(500L);
        assertThat(first.timestamp()).isEqualTo(1_000L);
        assertThat(first.attributes()).isEqualTo((byte) 3);
        assertThat(first.key().toString(StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(first.value().toString(StandardCharsets.UTF_8)).isEqualTo("v1");
        assertThat(first.headers()).hasSize(1);
        assertThat(first.headers().get(0).key()).isEqualTo("h");
        assertThat(first.headers().get(0).valueBytes()).containsExactly(1, 2);

        Record second = records.get(1);
        assertThat(second.offset()).isEqualTo(501L);
        assertThat(second.timestamp())
                .as("timestamps before the first one are allowed")
                .isEqualTo(900L);
        assertThat(second.key()).isNull();
        assertThat(second.value()).isNull();
        assertThat(second.headers()).isEmpty();

        Record third = records.get(2);
        assertThat(third.attributes()).isEqualTo((byte) 9);
        assertThat(third.key()).as("empty is not null").isNotNull();
        assertThat(third.key().readableBytes()).isZero();
        assertThat(third.value().readableBytes()).isZero();
        assertThat(third.header("n")).isNull();
        assertThat(third.headers().get(0).value()).isNull();
        assertThat(records.stream().mapToInt(Record::sizeInBytes).sum() + RecordBatch.HEADER_SIZE)
                .isEqualTo(batch.sizeInBytes());
    }

    @Test
    void aRecordsRawBytesReadBackAloneWithItsBatchBaseValues() {
        RecordBatch batch = RecordBatch.wrap(keep(sampleBatch())).ensureValid();
        batch.setBaseOffset(1000L);
        var it = batch.iterator();
        it.next();
        Record second = it.next();
        Record copy = Record.readFrom(second.rawBytes(), batch.baseOffset(), batch.firstTimestamp());
        assertThat(copy.offset()).isEqualTo(1001L);
        assertThat(copy.timestamp()).isEqualTo(11L);
        assertThat(copy.value().toString(StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(copy.sizeInBytes()).isEqualTo(second.sizeInBytes());
    }

    @Test
    void recordSizeMatchesWhatAppendWrites() {
        RecordBatchBuilder builder = RecordBatchBuilder.plain(PooledByteBufAllocator.DEFAULT, 16);
        ByteBuf value = Unpooled.wrappedBuffer(new byte[300]);
        List<Header> headers = List.of(Header.of("äöü", new byte[70]));
        int expected = RecordBatchBuilder.recordSize(0, 0, null, value, headers);
        builder.append(7L, (byte) 0, null, value, headers);
        assertThat(builder.sizeInBytes()).isEqualTo(RecordBatch.HEADER_SIZE + expected);
        keep(builder.build());
    }

    @Test
    void manyHeadersRoundTrip() {
        List<Header> headers = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            headers.add(Header.of("header-" + i, ("value-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        RecordBatchBuilder builder = RecordBatchBuilder.plain(PooledByteBufAllocator.DEFAULT, 1024);
        builder.append(1L, (byte) 0, null, utf8("v"), headers);
        RecordBatch batch = RecordBatch.wrap(keep(builder.build())).ensureValid();

        List<Header> read = batch.iterator().next().headers();
        assertThat(read).hasSize(5_000);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).key()).isEqualTo("header-" + i);
            assertThat(new String(read.get(i).valueBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("value-" + i);
        }
    }

    @Test
    void largeValuesAndManyRecordsRoundTripWithoutCopies() {
        byte[] big = new byte[8 * 1024 * 1024];
        new Random(1).nextBytes(big);
        RecordBatchBuilder builder = RecordBatchBuilder.plain(PooledByteBufAllocator.DEFAULT, 1024);
        builder.append(1L, Arrays.copyOf(big, 4 * 1024 * 1024), big);
        for (int i = 0; i < 10_000; i++) {
            builder.append(2L + i, null, new byte[] {(byte) i});
        }
        ByteBuf bytes = keep(builder.build());
        assertThat(bytes.readableBytes()).isLessThan(MAX_BATCH);
        RecordBatch batch = RecordBatch.readFrom(bytes.duplicate(), MAX_BATCH).ensureValid();

        int count = 0;
        for (Record r : batch) {
            if (count == 0) {
                assertThat(ByteBufUtil.getBytes(r.value())).isEqualTo(big);
                assertThat(r.value().unwrap())
                        .as("the value is a view of the batch buffer")
                        .isNotNull();
            } else {
                assertThat(r.value().getByte(0)).isEqualTo((byte) (count - 1));
                assertThat(r.timestamp()).isEqualTo(1L + count);
            }
            count++;
        }
        assertThat(count).isEqualTo(10_001);
        assertThat(batch.lastOffsetDelta()).isEqualTo(10_000);
    }

    @Test
    void anEmptyBatchIsValid() {
        RecordBatch batch = RecordBatch.wrap(
                keep(RecordBatchBuilder.plain(PooledByteBufAllocator.DEFAULT, 0).build()));
        assertThat(batch.ensureValid().recordCount()).isZero();
        assertThat(batch.iterator().hasNext()).isFalse();
        assertThat(batch.sizeInBytes()).isEqualTo(RecordBatch.HEADER_SIZE);
    }

    @Test
    void everyFlippedBitIsCaughtByTheCrcOrTheHeaderChecks() {
        ByteBuf original = keep(sampleBatch());
        for (int bit = RecordBatch.MAGIC_OFFSET * 8; bit < original.readableBytes() * 8; bit++) {
            ByteBuf copy = Unpooled.copiedBuffer(original);
            copy.setByte(bit / 8, copy.getByte(bit / 8) ^ (1 << (bit % 8)));
            int flipped = bit;
            assertThatThrownBy(() -> RecordBatch.wrap(copy).ensureValid())
                    .as("bit %d", flipped)
                    .isInstanceOf(InvalidRecordException.class);
        }
    }

    @Test
    void aCorruptCrcIsNamedInTheMessage() {
        ByteBuf bytes = keep(sampleBatch());
        bytes.setByte(bytes.writerIndex() - 1, bytes.getByte(bytes.writerIndex() - 1) ^ 0x40);
        assertThatThrownBy(() -> RecordBatch.wrap(bytes).ensureValid())
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("corrupt")
                .hasMessageContaining("CRC32C");
    }

    @Test
    void aTruncatedBatchIsRejectedAtEveryLength() {
        ByteBuf whole = keep(sampleBatch());
        for (int length = 0; length < whole.readableBytes(); length++) {
            ByteBuf cut = whole.slice(0, length);
            assertThatThrownBy(() -> RecordBatch.readFrom(cut, MAX_BATCH))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("truncated");
            if (length >= RecordBatch.LOG_OVERHEAD) {
                assertThatThrownBy(() -> RecordBatch.wrap(cut)).isInstanceOf(InvalidRecordException.class);
            }
        }
    }

    @Test
    void absurdBatchLengthsAreRejectedBeforeAnythingIsAllocated() {
        for (int length : new int[] {-1, 0, 44, Integer.MAX_VALUE, MAX_BATCH, Integer.MIN_VALUE}) {
            ByteBuf buf = Unpooled.buffer(RecordBatch.HEADER_SIZE)
                    .writeLong(0)
                    .writeInt(length)
                    .writeZero(45);
            assertThatThrownBy(() -> RecordBatch.readFrom(buf, MAX_BATCH))
                    .as("length %d", length)
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("outside");
        }
    }

    @Test
    void absurdCountsInsideAValidCrcAreRejected() {
        ByteBuf bytes = keep(sampleBatch());
        bytes.setInt(RecordBatch.RECORD_COUNT_OFFSET, Integer.MAX_VALUE);
        fixCrc(bytes);
        assertThatThrownBy(() -> RecordBatch.wrap(bytes).ensureValid()).hasMessageContaining("claims");
    }

    @Test
    void negativeAndOversizedRecordLengthsAreRejected() {
        // A record whose key claims -5 bytes, and one whose header count is absurd, each with a good CRC.
        for (byte[] recordBody : new byte[][] {
            {0, 0, 0, 9 /* key length -5 */},
            {0, 0, 0, 1, 1, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07 /* 2^30-1 headers */},
            {0, 0, 0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07 /* key length 2^30-1 */}
        }) {
            ByteBuf bytes = batchWithRawRecord(recordBody);
            assertThatThrownBy(() -> {
                        RecordBatch batch = RecordBatch.wrap(bytes).ensureValid();
                        batch.iterator().next().headers();
                    })
                    .isInstanceOf(InvalidRecordException.class);
        }
        ByteBuf negativeRecordLength = Unpooled.buffer();
        negativeRecordLength.writeZero(RecordBatch.HEADER_SIZE).writeBytes(new byte[] {3, 0, 0, 0, 0, 0, 0, 0});
        ByteBuf bytes = finishRawBatch(negativeRecordLength);
        assertThatThrownBy(
                        () -> RecordBatch.wrap(bytes).ensureValid().iterator().next())
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("record length -2");
    }

    @Test
    void recordsAfterTheDeclaredCountAreRejected() {
        ByteBuf bytes = keep(sampleBatch());
        bytes.setInt(RecordBatch.RECORD_COUNT_OFFSET, 1);
        fixCrc(bytes);
        RecordBatch batch = RecordBatch.wrap(bytes).ensureValid();
        var it = batch.iterator();
        it.next();
        assertThatThrownBy(it::hasNext).hasMessageContaining("after its 1 records");
    }

    private static ByteBuf batchWithRawRecord(byte[] body) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeZero(RecordBatch.HEADER_SIZE);
        Varint.writeInt(body.length, buf);
        buf.writeBytes(body);
        return finishRawBatch(buf);
    }

    private static ByteBuf finishRawBatch(ByteBuf buf) {
        buf.setInt(RecordBatch.LENGTH_OFFSET, buf.readableBytes() - RecordBatch.LOG_OVERHEAD);
        buf.setByte(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        buf.setInt(RecordBatch.RECORD_COUNT_OFFSET, 1);
        fixCrc(buf);
        return buf;
    }

    private static void fixCrc(ByteBuf buf) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        RecordBatch.update(
                crc, buf, RecordBatch.ATTRIBUTES_OFFSET, buf.readableBytes() - RecordBatch.ATTRIBUTES_OFFSET);
        buf.setInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
    }

    private static ByteBuf sampleBatch() {
        RecordBatchBuilder builder = new RecordBatchBuilder(PooledByteBufAllocator.DEFAULT, 128, 1L, (short) 0, 0, 0);
        builder.append(10L, (byte) 1, utf8("key"), utf8("value"), List.of(Header.of("a", new byte[] {9})));
        builder.append(11L, (byte) 1, null, utf8("second"), List.of());
        return builder.build();
    }
}
