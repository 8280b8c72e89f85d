package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;
import java.util.Set;

/**
 * Grants ordered by principal type, principal and pattern; one entry per (principal, pattern) with
 * all its permissions.
 *
 * <pre>
 * grants  array of
 *   principalType  int8, PrincipalType
 *   principal      string
 *   pattern        string
 *   permissions    array of int8, Permission codes
 * </pre>
 */
public record ListGrantsResponse(List<Grant> grants) implements ApiMessage {

    /** The permissions a principal holds on one pattern. */
    public record Grant(PrincipalType principalType, String principal, String pattern, Set<Permission> permissions) {
        public Grant {
            permissions = Permissions.copyOf(permissions);
        }
    }

    public ListGrantsResponse {
        grants = List.copyOf(grants);
    }

    public static ListGrantsResponse read(ByteBuf in) {
        List<Grant> grants = Wire.readRequiredArray(
                in,
                "grants",
                9,
                b -> new Grant(
                        PrincipalType.forCode(Wire.readByte(b, "principalType")),
                        Wire.readRequiredString(b, "principal"),
                        Wire.readRequiredString(b, "pattern"),
                        Permissions.read(b, "permissions")));
        Wire.expectEnd(in, "ListGrantsResponse");
        return new ListGrantsResponse(grants);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, grants, (b, g) -> {
            b.writeByte(g.principalType().code());
            Wire.writeString(b, g.principal());
            Wire.writeString(b, g.pattern());
            Permissions.write(b, g.permissions());
        });
    }
}
