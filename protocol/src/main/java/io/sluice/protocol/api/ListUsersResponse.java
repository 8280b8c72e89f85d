package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Users in name order, with their roles; never a password or its hash.
 *
 * <pre>
 * users  array of
 *   username  string
 *   roles     array of string
 * </pre>
 */
public record ListUsersResponse(List<User> users) implements ApiMessage {

    /** One user and its roles. */
    public record User(String username, List<String> roles) {
        public User {
            roles = List.copyOf(roles);
        }
    }

    public ListUsersResponse {
        users = List.copyOf(users);
    }

    public static ListUsersResponse read(ByteBuf in) {
        List<User> users = Wire.readRequiredArray(
                in,
                "users",
                6,
                b -> new User(
                        Wire.readRequiredString(b, "username"),
                        Wire.readRequiredArray(b, "roles", 2, r -> Wire.readRequiredString(r, "role"))));
        Wire.expectEnd(in, "ListUsersResponse");
        return new ListUsersResponse(users);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, users, (b, u) -> {
            Wire.writeString(b, u.username());
            Wire.writeArray(b, u.roles(), Wire::writeString);
        });
    }
}
