package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import io.sluice.protocol.message.DestinationKind;

/**
 * Looks up a JMS destination before producing to it, creating it on first use when the broker
 * allows that and {@code autoCreate} is set. Answered with {@link ResolveDestinationResponse}, or
 * UNKNOWN_TOPIC (does not exist and was not created), DESTINATION_TYPE_MISMATCH (a queue was asked
 * for and a topic of that name exists, or the reverse), INVALID_TOPIC_NAME.
 *
 * <pre>
 * name        string
 * kind        int8, DestinationKind
 * autoCreate  boolean
 * </pre>
 */
public record ResolveDestinationRequest(String name, DestinationKind kind, boolean autoCreate) implements ApiMessage {

    public static ResolveDestinationRequest read(ByteBuf in) {
        ResolveDestinationRequest r = new ResolveDestinationRequest(
                Wire.readRequiredString(in, "name"),
                Codes.destinationKind(Wire.readByte(in, "kind")),
                Wire.readBoolean(in, "autoCreate"));
        Wire.expectEnd(in, "ResolveDestinationRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, name);
        out.writeByte(kind.code());
        Wire.writeBoolean(out, autoCreate);
    }
}
