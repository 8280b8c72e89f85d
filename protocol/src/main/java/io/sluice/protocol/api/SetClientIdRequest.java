package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Sets the connection's JMS client id, once, before it creates consumers. Answered with an empty
 * body, or INVALID_CLIENT_ID when the id is invalid or another live connection uses it, or
 * ILLEGAL_STATE when this connection already has a client id or has created consumers.
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
