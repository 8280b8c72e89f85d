package io.sluice.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds and parses record batches for log tests. Stateless. */
final class TestBatches {
    static final int MAX_BATCH = 16 * 1024 * 1024;

    private TestBatches() {}

    /** A batch of {@code count} records with timestamps {@code firstTimestamp + i} and values of {@code valueBytes}. */
    static ByteBuf batch(long firstTimestamp, int count, int valueBytes) {
        long[] timestamps = new long[count];
        for (int i = 0; i < count; i++) {
            timestamps[i] = firstTimestamp + i;
        }
        return batch(timestamps, valueBytes, 0);
    }

    /**
     * A batch with the given record timestamps; each value starts with {@code firstTag + i} (8 bytes)
     * and is padded to {@code valueBytes}.
     */
    static ByteBuf batch(long[] timestamps, int valueBytes, long firstTag) {
        RecordBatchBuilder builder =
                RecordBatchBuilder.plain(ByteBufAllocator.DEFAULT, 64 + timestamps.length * (valueBytes + 16));
        for (int i = 0; i < timestamps.length; i++) {
            byte[] value = new byte[Math.max(8, valueBytes)];
            ByteBuffer.wrap(value).putLong(firstTag + i);
            builder.append(timestamps[i], null, value);
        }
        return builder.build();
    }

    /** A random batch: 1..maxRecords records, values up to maxValueBytes, timestamps around baseTs. */
    static ByteBuf randomBatch(Random random, int maxRecords, int maxValueBytes, long baseTs) {
        int count = 1 + random.nextInt(maxRecords);
        long[] ts = new long[count];
        for (int i = 0; i < count; i++) {
            ts[i] = baseTs + random.nextInt(2000) - 500;
        }
        return batch(ts, 8 + random.nextInt(Math.max(1, maxValueBytes)), random.nextLong());
    }

    /** Copies several batches into one buffer and releases them. */
    static ByteBuf concat(ByteBuf... batches) {
        int total = 0;
        for (ByteBuf b : batches) {
            total += b.readableBytes();
        }
        ByteBuf all = Unpooled.buffer(total);
        for (ByteBuf b : batches) {
            all.writeBytes(b, b.readerIndex(), b.readableBytes());
            b.release();
        }
        return all;
    }

    /** Parses every batch in the readable bytes, validating each. */
    static List<RecordBatch> parse(ByteBuf bytes) {
        ByteBuf view = bytes.duplicate();
        List<RecordBatch> out = new ArrayList<>();
        while (view.isReadable()) {
            out.add(RecordBatch.readFrom(view, MAX_BATCH).ensureValid());
        }
        return out;
    }

    /** The offsets of every record in the readable bytes. */
    static List<Long> offsets(ByteBuf bytes) {
        List<Long> out = new ArrayList<>();
        for (RecordBatch b : parse(bytes)) {
            for (Record r : b) {
                out.add(r.offset());
            }
        }
        return out;
    }
}
