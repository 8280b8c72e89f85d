package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Creates a user, or replaces the password and roles of an existing one. Requires the admin
 * permission once security is on. Answered with an empty body.
 *
 * <pre>
 * username  string
 * password  string
 * roles     array of string
 * </pre>
 */
public record CreateUserRequest(String username, String password, List<String> roles) implements ApiMessage {

    public static CreateUserRequest read(ByteBuf in) {
        CreateUserRequest r = new CreateUserRequest(
                Wire.readRequiredString(in, "username"),
                Wire.readRequiredString(in, "password"),
                Wire.readRequiredArray(in, "roles", 2, b -> Wire.readRequiredString(b, "role")));
        Wire.expectEnd(in, "CreateUserRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, username);
        Wire.writeString(out, password);
        Wire.writeArray(out, roles, Wire::writeString);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "CreateUserRequest[username=" + username + ", password=***, roles=" + roles + "]";
    }
}
