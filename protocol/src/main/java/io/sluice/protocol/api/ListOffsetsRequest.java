package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Finds offsets in partitions: the earliest, the latest, or the first at or after a time.
 *
 * <pre>
 * topics  array of
 *   topic       string
 *   partitions  array of
 *     partition  int32
 *     timestamp  int64: LATEST (-1), EARLIEST (-2), or epoch milliseconds
 * </pre>
 */
public record ListOffsetsRequest(List<TopicQuery> topics) implements ApiMessage {
    /** Asks for the high watermark: the offset the next readable record will get. */
    public static final long LATEST = -1L;
    /** Asks for the log start offset. */
    public static final long EARLIEST = -2L;

    public record PartitionQuery(int partition, long timestamp) {}

    public record TopicQuery(String topic, List<PartitionQuery> partitions) {}

    public static ListOffsetsRequest read(ByteBuf in) {
        List<TopicQuery> topics = Wire.readRequiredArray(
                in,
                "topics",
                6,
                t -> new TopicQuery(
                        Wire.readRequiredString(t, "topic"),
                        Wire.readRequiredArray(
                                t,
                                "partitions",
                                12,
                                p -> new PartitionQuery(Wire.readInt(p, "partition"), Wire.readLong(p, "timestamp")))));
        Wire.expectEnd(in, "ListOffsetsRequest");
        return new ListOffsetsRequest(topics);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, topics, (b, t) -> {
            Wire.writeString(b, t.topic());
            Wire.writeArray(
                    b, t.partitions(), (p, q) -> p.writeInt(q.partition()).writeLong(q.timestamp()));
        });
    }
}
