package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Obtains an idempotent producer identity. Without a name, every call gets a new producer id with
 * epoch 0. With a name, the same producer id comes back with its epoch raised by one, which fences
 * every producer still using an older epoch (PRODUCER_FENCED).
 *
 * <pre>
 * producerName  string (nullable)
 * </pre>
 */
public record InitProducerIdRequest(String producerName) implements ApiMessage {

    public static InitProducerIdRequest read(ByteBuf in) {
        InitProducerIdRequest r = new InitProducerIdRequest(Wire.readString(in, "producerName"));
        Wire.expectEnd(in, "InitProducerIdRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, producerName);
    }
}
