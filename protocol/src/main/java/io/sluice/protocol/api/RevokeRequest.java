package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.Set;

/**
 * Takes back permissions granted to a principal on exactly this pattern (the same string that was
 * granted; revoking does not split wider patterns); needs the admin role. Durable before the
 * answer, an empty body. Revoking what was not granted changes nothing.
 *
 * <pre>
 * principalType  int8, PrincipalType (0 user, 1 role)
 * principal      string
 * pattern        string
 * permissions    array of int8, Permission codes
 * </pre>
 */
public record RevokeRequest(PrincipalType principalType, String principal, String pattern, Set<Permission> permissions)
        implements ApiMessage {

    public RevokeRequest {
        permissions = Permissions.copyOf(permissions);
    }

    public static RevokeRequest read(ByteBuf in) {
        RevokeRequest r = new RevokeRequest(
                PrincipalType.forCode(Wire.readByte(in, "principalType")),
                Wire.readRequiredString(in, "principal"),
                Wire.readRequiredString(in, "pattern"),
                Permissions.read(in, "permissions"));
        Wire.expectEnd(in, "RevokeRequest");
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
