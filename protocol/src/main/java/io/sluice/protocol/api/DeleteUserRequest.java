package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Deletes a user and every grant naming it; needs the admin role. Answered with an empty body or
 * UNKNOWN_USER. The user's open connections are refused every further request that needs a
 * permission.
 *
 * <pre>
 * username  string
 * </pre>
 */
public record DeleteUserRequest(String username) implements ApiMessage {

    public static DeleteUserRequest read(ByteBuf in) {
        DeleteUserRequest r = new DeleteUserRequest(Wire.readRequiredString(in, "username"));
        Wire.expectEnd(in, "DeleteUserRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, username);
    }
}
