package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Sets the connection's JMS client id, once, before it creates consumers. Answered with an empty
 * body, or INVALID_CLIENT_ID when another live connection uses the id (or the id was already set).
 *
 * <pre>
 * clientId  string
 * </pre>
 */
public record SetClientIdRequest(String clientId) implements ApiMessage {

    public static SetClientIdRequest read(ByteBuf in) {
        SetClientIdRequest r = new SetClientIdRequest(Wire.readRequiredString(in, "clientId"));
        Wire.expectEnd(in, "SetClientIdRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, clientId);
    }
}
