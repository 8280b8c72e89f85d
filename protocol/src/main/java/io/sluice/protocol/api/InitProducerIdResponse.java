package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * An idempotent producer identity, unique across broker restarts.
 *
 * <pre>
 * producerId     int64
 * producerEpoch  int16
 * </pre>
 */
public record InitProducerIdResponse(long producerId, short producerEpoch) implements ApiMessage {

    public static InitProducerIdResponse read(ByteBuf in) {
        InitProducerIdResponse r =
                new InitProducerIdResponse(Wire.readLong(in, "producerId"), Wire.readShort(in, "producerEpoch"));
        Wire.expectEnd(in, "InitProducerIdResponse");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(producerId).writeShort(producerEpoch);
    }
}
