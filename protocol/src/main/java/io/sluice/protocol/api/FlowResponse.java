package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * The end of a drain: how many messages the broker pushed for it.
 *
 * <pre>
 * delivered  int32
 * </pre>
 */
public record FlowResponse(int delivered) implements ApiMessage {

    public static FlowResponse read(ByteBuf in) {
        FlowResponse r = new FlowResponse(Wire.readInt(in, "delivered"));
        Wire.expectEnd(in, "FlowResponse");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(delivered);
    }
}
