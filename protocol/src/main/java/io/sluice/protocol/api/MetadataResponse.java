package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import io.sluice.protocol.error.ErrorCode;
import java.util.List;

/**
 * Brokers and topic partitions.
 *
 * <pre>
 * brokers  array of
 *   id      int32
 *   host    string
 *   port    int32
 * topics   array of
 *   name        string
 *   errorCode   int16 (UNKNOWN_TOPIC for a requested topic that does not exist)
 *   type        string ("queue", "topic"; null with an error)
 *   partitions  array of
 *     partition  int32
 *     leaderId   int32
 * </pre>
 */
public record MetadataResponse(List<Broker> brokers, List<Topic> topics) implements ApiMessage {

    public record Broker(int id, String host, int port) {}

    public record Partition(int partition, int leaderId) {}

    public record Topic(String name, ErrorCode error, String type, List<Partition> partitions) {}

    public static MetadataResponse read(ByteBuf in) {
        List<Broker> brokers = Wire.readRequiredArray(
                in,
                "brokers",
                10,
                b -> new Broker(Wire.readInt(b, "id"), Wire.readRequiredString(b, "host"), Wire.readInt(b, "port")));
        List<Topic> topics = Wire.readRequiredArray(in, "topics", 8, MetadataResponse::readTopic);
        Wire.expectEnd(in, "MetadataResponse");
        return new MetadataResponse(brokers, topics);
    }

    private static Topic readTopic(ByteBuf in) {
        String name = Wire.readRequiredString(in, "topic");
        ErrorCode error = ErrorCode.forCode(Wire.readShort(in, "errorCode"));
        String type = Wire.readString(in, "type");
        List<Partition> partitions = Wire.readRequiredArray(
                in, "partitions", 8, b -> new Partition(Wire.readInt(b, "partition"), Wire.readInt(b, "leaderId")));
        return new Topic(name, error, type, partitions);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, brokers, (b, broker) -> {
            b.writeInt(broker.id());
            Wire.writeString(b, broker.host());
            b.writeInt(broker.port());
        });
        Wire.writeArray(out, topics, (b, topic) -> {
            Wire.writeString(b, topic.name());
            b.writeShort(topic.error().code());
            Wire.writeString(b, topic.type());
            Wire.writeArray(b, topic.partitions(), (p, partition) -> p.writeInt(partition.partition())
                    .writeInt(partition.leaderId()));
        });
    }
}
