package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import io.sluice.protocol.error.ErrorCode;
import java.util.List;

/**
 * Offsets found per partition. For a time query with no record at or after that time, the offset is
 * the high watermark and the timestamp -1.
 *
 * <pre>
 * topics  array of
 *   topic       string
 *   partitions  array of
 *     partition     int32
 *     errorCode     int16
 *     errorMessage  string (nullable)
 *     offset        int64
 *     timestamp     int64, timestamp of the record found, or -1
 * </pre>
 */
public record ListOffsetsResponse(List<TopicOffsets> topics) implements ApiMessage {

    public record PartitionOffset(int partition, ErrorCode error, String errorMessage, long offset, long timestamp) {}

    public record TopicOffsets(String topic, List<PartitionOffset> partitions) {}

    public static ListOffsetsResponse read(ByteBuf in) {
        List<TopicOffsets> topics = Wire.readRequiredArray(
                in,
                "topics",
                6,
                t -> new TopicOffsets(
                        Wire.readRequiredString(t, "topic"),
                        Wire.readRequiredArray(
                                t,
                                "partitions",
                                24,
                                p -> new PartitionOffset(
                                        Wire.readInt(p, "partition"),
                                        ErrorCode.forCode(Wire.readShort(p, "errorCode")),
                                        Wire.readString(p, "errorMessage"),
                                        Wire.readLong(p, "offset"),
                                        Wire.readLong(p, "timestamp")))));
        Wire.expectEnd(in, "ListOffsetsResponse");
        return new ListOffsetsResponse(topics);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, topics, (b, t) -> {
            Wire.writeString(b, t.topic());
            Wire.writeArray(b, t.partitions(), (p, o) -> {
                p.writeInt(o.partition()).writeShort(o.error().code());
                Wire.writeString(p, o.errorMessage());
                p.writeLong(o.offset()).writeLong(o.timestamp());
            });
        });
    }
}
