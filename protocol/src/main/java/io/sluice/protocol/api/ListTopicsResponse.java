package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Topics in name order.
 *
 * <pre>
 * topics  array of
 *   name        string
 *   type        string ("queue" or "topic")
 *   partitions  int32
 * </pre>
 */
public record ListTopicsResponse(List<Listing> topics) implements ApiMessage {

    public record Listing(String name, String type, int partitions) {}

    public static ListTopicsResponse read(ByteBuf in) {
        List<Listing> topics = Wire.readRequiredArray(
                in,
                "topics",
                8,
                b -> new Listing(
                        Wire.readRequiredString(b, "name"),
                        Wire.readRequiredString(b, "type"),
                        Wire.readInt(b, "partitions")));
        Wire.expectEnd(in, "ListTopicsResponse");
        return new ListTopicsResponse(topics);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, topics, (b, t) -> {
            Wire.writeString(b, t.name());
            Wire.writeString(b, t.type());
            b.writeInt(t.partitions());
        });
    }
}
