package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.Set;

/**
 * Allows a user, or every user with a role, the given permissions on the destinations a pattern
 * matches (syntax in docs/security.md); needs the admin role. Durable before the answer, an empty
 * body; INVALID_REQUEST for a bad pattern, name or an empty permission set. Granting what is
 * already granted changes nothing.
 *
 * <pre>
 * principalType  int8, PrincipalType (0 user, 1 role)
 * principal      string, the user or role name
 * pattern        string, e.g. "orders.*", "orders.#", "#"
 * permissions    array of int8, Permission codes
 * </pre>
 */
public record GrantRequest(PrincipalType principalType, String principal, String pattern, Set<Permission> permissions)
        implements ApiMessage {

    public GrantRequest {
        permissions = Permissions.copyOf(permissions);
    }

    public static GrantRequest read(ByteBuf in) {
        GrantRequest r = new GrantRequest(
                PrincipalType.forCode(Wire.readByte(in, "principalType")),
                Wire.readRequiredString(in, "principal"),
                Wire.readRequiredString(in, "pattern"),
                Permissions.read(in, "permissions"));
        Wire.expectEnd(in, "GrantRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeByte(principalType.code());
        Wire.writeString(out, principal);
        Wire.writeString(out, pattern);
        Permissions.write(out, permissions);
    }
}
