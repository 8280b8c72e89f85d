package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Deletes a temporary destination of this connection. Answered with an empty body, or
 * TEMPORARY_DESTINATION_IN_USE while it has consumers, TEMPORARY_DESTINATION_NOT_OWNED, UNKNOWN_TOPIC.
 *
 * <pre>
 * name  string
 * </pre>
 */
public record DeleteTemporaryRequest(String name) implements ApiMessage {

    public static DeleteTemporaryRequest read(ByteBuf in) {
        DeleteTemporaryRequest r = new DeleteTemporaryRequest(Wire.readRequiredString(in, "name"));
        Wire.expectEnd(in, "DeleteTemporaryRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, name);
    }
}
