package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Asks for the brokers and the partitions of some topics.
 *
 * <pre>
 * topics  array of string (null = every topic)
 * </pre>
 */
public record MetadataRequest(List<String> topics) implements ApiMessage {

    public static MetadataRequest read(ByteBuf in) {
        MetadataRequest r =
                new MetadataRequest(Wire.readArray(in, "topics", 2, b -> Wire.readRequiredString(b, "topic")));
        Wire.expectEnd(in, "MetadataRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, topics, Wire::writeString);
    }
}
