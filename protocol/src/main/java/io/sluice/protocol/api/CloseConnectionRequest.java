package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Closes a client connection (CLOSE_CONNECTION): its unsettled deliveries are released and its
 * temporary destinations deleted, as when the client disconnects. UNKNOWN_CONNECTION if there is
 * no such connection.
 *
 * <pre>
 * connectionId  int64
 * </pre>
 */
public record CloseConnectionRequest(long connectionId) implements ApiMessage {

    public static CloseConnectionRequest read(ByteBuf in) {
        CloseConnectionRequest r = new CloseConnectionRequest(Wire.readLong(in, "connectionId"));
        Wire.expectEnd(in, "CloseConnectionRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(connectionId);
    }
}
