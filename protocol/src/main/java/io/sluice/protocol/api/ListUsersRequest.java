package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Lists users whose names start with a prefix; needs the admin role. Answered with {@link
 * ListUsersResponse}.
 *
 * <pre>
 * prefix  string (null or empty = all)
 * </pre>
 */
public record ListUsersRequest(String prefix) implements ApiMessage {

    public static ListUsersRequest read(ByteBuf in) {
        ListUsersRequest r = new ListUsersRequest(Wire.readString(in, "prefix"));
        Wire.expectEnd(in, "ListUsersRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, prefix);
    }
}
