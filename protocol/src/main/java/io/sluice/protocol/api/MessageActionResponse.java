package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * What a message operation (DELETE_MESSAGES, MOVE_MESSAGES, REDRIVE_MESSAGES) did.
 *
 * <pre>
 * affected  int32, messages deleted, copied, moved or redriven
 * skipped   int32, messages left alone (held by a consumer, already gone, no original destination)
 * detail    string (nullable): why the first skipped message was skipped
 * more      boolean: REDRIVE_MESSAGES of all messages stopped at maxMessages and more remain
 * </pre>
 */
public record MessageActionResponse(int affected, int skipped, String detail, boolean more) implements ApiMessage {

    public static MessageActionResponse read(ByteBuf in) {
        MessageActionResponse r = new MessageActionResponse(
                Wire.readInt(in, "affected"),
                Wire.readInt(in, "skipped"),
                Wire.readString(in, "detail"),
                Wire.readBoolean(in, "more"));
        Wire.expectEnd(in, "MessageActionResponse");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(affected).writeInt(skipped);
        Wire.writeString(out, detail);
        Wire.writeBoolean(out, more);
    }
}
