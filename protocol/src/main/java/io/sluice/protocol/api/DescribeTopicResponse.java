package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;
import java.util.Map;

/**
 * A topic's effective configuration (every key, defaults included) and its partitions.
 *
 * <pre>
 * name        string
 * configs     map
 * partitions  array of
 *   partition       int32
 *   logStartOffset  int64
 *   highWatermark   int64, end of the durable, readable log
 *   logEndOffset    int64, next offset to be assigned
 *   sizeBytes       int64, bytes of all segments
 * </pre>
 */
public record DescribeTopicResponse(String name, Map<String, String> configs, List<PartitionState> partitions)
        implements ApiMessage {

    public record PartitionState(
            int partition, long logStartOffset, long highWatermark, long logEndOffset, long sizeBytes) {}

    public static DescribeTopicResponse read(ByteBuf in) {
        String name = Wire.readRequiredString(in, "name");
        Map<String, String> configs = Wire.readMap(in, "configs");
        List<PartitionState> partitions = Wire.readRequiredArray(
                in,
                "partitions",
                36,
                b -> new PartitionState(
                        Wire.readInt(b, "partition"),
                        Wire.readLong(b, "logStartOffset"),
                        Wire.readLong(b, "highWatermark"),
                        Wire.readLong(b, "logEndOffset"),
                        Wire.readLong(b, "sizeBytes")));
        Wire.expectEnd(in, "DescribeTopicResponse");
        return new DescribeTopicResponse(name, configs, partitions);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, name);
        Wire.writeMap(out, configs);
        Wire.writeArray(out, partitions, (b, p) -> b.writeInt(p.partition())
                .writeLong(p.logStartOffset())
                .writeLong(p.highWatermark())
                .writeLong(p.logEndOffset())
                .writeLong(p.sizeBytes()));
    }
}
