package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.MalformedFrameException;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Appends record batches to partitions.
 *
 * <pre>
 * durability  int8, 0 = answer after append, 1 = answer when durable
 * timeoutMs   int32, how long the broker may wait for durability before REQUEST_TIMED_OUT
 * topics      array of
 *   topic       string
 *   partitions  array of
 *     partition   int32
 *     records     bytes, one or more record batches (see "Record batches")
 * </pre>
 *
 * <p>When read, each {@code records} is a slice of the frame's body: valid while the frame is.
 */
public record ProduceRequest(Durability durability, int timeoutMs, List<TopicData> topics) implements ApiMessage {

    public record PartitionData(int partition, ByteBuf records) {}

    public record TopicData(String topic, List<PartitionData> partitions) {}

    public static ProduceRequest read(ByteBuf in) {
        Durability durability = Durability.forCode(Wire.readByte(in, "durability"));
        int timeoutMs = Wire.readInt(in, "timeoutMs");
        List<TopicData> topics = Wire.readRequiredArray(
                in,
                "topics",
                6,
                t -> new TopicData(
                        Wire.readRequiredString(t, "topic"),
                        Wire.readRequiredArray(
                                t,
                                "partitions",
                                8,
                                p -> new PartitionData(
                                        Wire.readInt(p, "partition"),
                                        requireRecords(Wire.readBytesSlice(p, "records"))))));
        Wire.expectEnd(in, "ProduceRequest");
        return new ProduceRequest(durability, timeoutMs, topics);
    }

    private static ByteBuf requireRecords(ByteBuf records) {
        if (records == null) {
            throw new MalformedFrameException("records must not be null");
        }
        return records;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeByte(durability.code()).writeInt(timeoutMs);
        Wire.writeArray(out, topics, (b, t) -> {
            Wire.writeString(b, t.topic());
            Wire.writeArray(b, t.partitions(), (p, d) -> {
                p.writeInt(d.partition());
                Wire.writeBytes(p, d.records());
            });
        });
    }

    @Override
    public int sizeHint() {
        int size = 16;
        for (TopicData t : topics) {
            size += 8 + t.topic().length() * 3;
            for (PartitionData p : t.partitions()) {
                size += 8 + p.records().readableBytes();
            }
        }
        return size;
    }
}
