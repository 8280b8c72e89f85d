package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Lists grants, optionally only those of one principal; needs the admin role. Answered with {@link
 * ListGrantsResponse}.
 *
 * <pre>
 * principalType  int8, PrincipalType, or -1 for every principal (principal is then ignored)
 * principal      string (nullable: every principal of the type)
 * </pre>
 *
 * @param principalType null for every principal
 */
public record ListGrantsRequest(PrincipalType principalType, String principal) implements ApiMessage {

    public static ListGrantsRequest read(ByteBuf in) {
        byte type = Wire.readByte(in, "principalType");
        ListGrantsRequest r = new ListGrantsRequest(
                type == -1 ? null : PrincipalType.forCode(type), Wire.readString(in, "principal"));
        Wire.expectEnd(in, "ListGrantsRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeByte(principalType == null ? -1 : principalType.code());
        Wire.writeString(out, principal);
    }
}
