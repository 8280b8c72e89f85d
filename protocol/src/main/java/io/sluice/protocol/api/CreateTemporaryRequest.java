package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import io.sluice.protocol.message.DestinationKind;

/**
 * Creates a temporary queue or topic owned by this connection; it is deleted when the connection
 * closes or is lost. Answered with {@link CreateTemporaryResponse}. A reconnecting client names the
 * temporary destination it had, to have it created again under the same name.
 *
 * <pre>
 * kind  int8, TEMPORARY_QUEUE or TEMPORARY_TOPIC
 * name  nullable string: null for a new name; the name to create again when re-creating
 * </pre>
 *
 * @param name null for a new temporary destination
 */
public record CreateTemporaryRequest(DestinationKind kind, String name) implements ApiMessage {

    public CreateTemporaryRequest(DestinationKind kind) {
        this(kind, null);
    }

    public static CreateTemporaryRequest read(ByteBuf in) {
        DestinationKind kind = Codes.destinationKind(Wire.readByte(in, "kind"));
        String name = Wire.readString(in, "name");
        Wire.expectEnd(in, "CreateTemporaryRequest");
        return new CreateTemporaryRequest(kind, name);
    }

    @Override
    public void write(ByteBuf out) {
        out.writeByte(kind.code());
        Wire.writeString(out, name);
    }
}
