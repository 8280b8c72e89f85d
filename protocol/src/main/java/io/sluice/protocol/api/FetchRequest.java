package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Reads record batches from partitions, waiting up to {@code maxWaitMs} until at least {@code
 * minBytes} are available across all of them (long poll).
 *
 * <pre>
 * maxWaitMs  int32
 * minBytes   int32
 * maxBytes   int32, for the whole response (at least one batch is returned even if larger)
 * topics     array of
 *   topic       string
 *   partitions  array of
 *     partition    int32
 *     fetchOffset  int64
 *     maxBytes     int32, for this partition
 * </pre>
 */
public record FetchRequest(int maxWaitMs, int minBytes, int maxBytes, List<TopicFetch> topics) implements ApiMessage {

    public record PartitionFetch(int partition, long fetchOffset, int maxBytes) {}

    public record TopicFetch(String topic, List<PartitionFetch> partitions) {}

    public static FetchRequest read(ByteBuf in) {
        int maxWaitMs = Wire.readInt(in, "maxWaitMs");
        int minBytes = Wire.readInt(in, "minBytes");
        int maxBytes = Wire.readInt(in, "maxBytes");
        List<TopicFetch> topics = Wire.readRequiredArray(
                in,
                "topics",
                6,
                t -> new TopicFetch(
                        Wire.readRequiredString(t, "topic"),
                        Wire.readRequiredArray(
                                t,
                                "partitions",
                                16,
                                p -> new PartitionFetch(
                                        Wire.readInt(p, "partition"),
                                        Wire.readLong(p, "fetchOffset"),
                                        Wire.readInt(p, "maxBytes")))));
        Wire.expectEnd(in, "FetchRequest");
        return new FetchRequest(maxWaitMs, minBytes, maxBytes, topics);
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(maxWaitMs).writeInt(minBytes).writeInt(maxBytes);
        Wire.writeArray(out, topics, (b, t) -> {
            Wire.writeString(b, t.topic());
            Wire.writeArray(b, t.partitions(), (p, f) -> p.writeInt(f.partition())
                    .writeLong(f.fetchOffset())
                    .writeInt(f.maxBytes()));
        });
    }
}
