package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import io.sluice.protocol.message.DestinationKind;

/**
 * A resolved destination: its kind and how many partitions its log has.
 *
 * <pre>
 * kind        int8, DestinationKind
 * partitions  int32
 * created     boolean, true if this request created it
 * </pre>
 */
public record ResolveDestinationResponse(DestinationKind kind, int partitions, boolean created) implements ApiMessage {

    public static ResolveDestinationResponse read(ByteBuf in) {
        ResolveDestinationResponse r = new ResolveDestinationResponse(
                Codes.destinationKind(Wire.readByte(in, "kind")),
                Wire.readInt(in, "partitions"),
                Wire.readBoolean(in, "created"));
        Wire.expectEnd(in, "ResolveDestinationResponse");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeByte(kind.code()).writeInt(partitions);
        Wire.writeBoolean(out, created);
    }
}
