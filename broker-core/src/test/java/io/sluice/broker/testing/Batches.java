package io.sluice.broker.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds record batches for tests and reads fetched ones back. */
public final class Batches {
    // Test batches are plain heap buffers nobody needs to release.
    private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false, true);

    private Batches() {}

    /** A record as a test sees it. */
    public record Fetched(long offset, long timestamp, String value) {}

    /** A batch of string values, without producer id. */
    public static ByteBuf plain(long timestamp, String... values) {
        return idempotent(-1L, (short) -1, -1, timestamp, values);
    }

    /** A batch of an idempotent producer whose first record has sequence {@code baseSequence}. */
    public static ByteBuf idempotent(long producerId, short epoch, int baseSequence, long timestamp, String... values) {
        RecordBatchBuilder builder = new RecordBatchBuilder(ALLOCATOR, 256, producerId, epoch, baseSequence, 0);
        for (String v : values) {
            builder.append(timestamp, null, v.getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** Every record in {@code records} (whole batches) at or after {@code fromOffset}. */
    public static List<Fetched> records(ByteBuf records, long fromOffset) {
        List<Fetched> out = new ArrayList<>();
        ByteBuf in = records.duplicate();
        while (in.isReadable()) {
            RecordBatch batch = RecordBatch.readFrom(in, Integer.MAX_VALUE).ensureValid();
            for (Record r : batch) {
                if (r.offset() >= fromOffset) {
                    out.add(new Fetched(r.offset(), r.timestamp(), r.value().toString(StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }
}
