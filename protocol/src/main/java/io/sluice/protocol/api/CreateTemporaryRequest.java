package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import io.sluice.protocol.message.DestinationKind;

/**
 * Creates a temporary queue or topic owned by this connection; it is deleted when the connection
 * closes or is lost. Answered with {@link CreateTemporaryResponse}.
 *
 * <pre>
 * kind  int8, TEMPORARY_QUEUE or TEMPORARY_TOPIC
 * </pre>
 */
public record CreateTemporaryRequest(DestinationKind kind) implements ApiMessage {

    public static CreateTemporaryRequest read(ByteBuf in) {
        CreateTemporaryRequest r = new CreateTemporaryRequest(Codes.destinationKind(Wire.readByte(in, "kind")));
        Wire.expectEnd(in, "CreateTemporaryRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeByte(kind.code());
    }
}
