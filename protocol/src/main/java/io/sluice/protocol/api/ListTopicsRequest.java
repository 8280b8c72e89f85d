package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Lists topics whose names start with a prefix.
 *
 * <pre>
 * prefix  string (null or empty = all)
 * </pre>
 */
public record ListTopicsRequest(String prefix) implements ApiMessage {

    public static ListTopicsRequest read(ByteBuf in) {
        ListTopicsRequest r = new ListTopicsRequest(Wire.readString(in, "prefix"));
        Wire.expectEnd(in, "ListTopicsRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, prefix);
    }
}
