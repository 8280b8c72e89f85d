package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * The name the broker gave a new temporary destination.
 *
 * <pre>
 * name  string
 * </pre>
 */
public record CreateTemporaryResponse(String name) implements ApiMessage {

    public static CreateTemporaryResponse read(ByteBuf in) {
        CreateTemporaryResponse r = new CreateTemporaryResponse(Wire.readRequiredString(in, "name"));
        Wire.expectEnd(in, "CreateTemporaryResponse");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, name);
    }
}
