package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Asks for the idempotent producers known to the partitions of a destination, or of every
 * destination ({@code topic} null). Answered with {@link ListProducersResponse}; UNKNOWN_TOPIC.
 *
 * <pre>
 * topic  string (nullable)
 * </pre>
 */
public record ListProducersRequest(String topic) implements ApiMessage {

    public static ListProducersRequest read(ByteBuf in) {
        ListProducersRequest r = new ListProducersRequest(Wire.readString(in, "topic"));
        Wire.expectEnd(in, "ListProducersRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, topic);
    }
}
