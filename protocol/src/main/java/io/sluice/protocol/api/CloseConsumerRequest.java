package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Stops pushing to a consumer. Its deliveries not yet acknowledged stay with the connection until
 * the client acknowledges or releases them (a JMS session may acknowledge messages of a closed
 * consumer). Answered with an empty body; a non-durable subscription ends with its consumer.
 *
 * <pre>
 * consumerId  int32
 * </pre>
 */
public record CloseConsumerRequest(int consumerId) implements ApiMessage {

    public static CloseConsumerRequest read(ByteBuf in) {
        CloseConsumerRequest r = new CloseConsumerRequest(Wire.readInt(in, "consumerId"));
        Wire.expectEnd(in, "CloseConsumerRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(consumerId);
    }
}
