package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Grants a consumer more credit (messages the broker may push). Usually sent ONE_WAY. With {@code
 * drain}, the broker pushes what is available now, up to the credit, then sets the credit to zero
 * and answers with {@link FlowResponse}: deliveries it pushed precede the response on the
 * connection, so a client knows that nothing more is coming (receiveNoWait). Everything appended
 * before the drain request is taken into account.
 *
 * <pre>
 * consumerId  int32
 * credit      int32, added to the current credit
 * drain       boolean
 * </pre>
 */
public record FlowRequest(int consumerId, int credit, boolean drain) implements ApiMessage {

    public static FlowRequest read(ByteBuf in) {
        FlowRequest r = new FlowRequest(
                Wire.readInt(in, "consumerId"), Wire.readInt(in, "credit"), Wire.readBoolean(in, "drain"));
        Wire.expectEnd(in, "FlowRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(consumerId).writeInt(credit);
        Wire.writeBoolean(out, drain);
    }
}
