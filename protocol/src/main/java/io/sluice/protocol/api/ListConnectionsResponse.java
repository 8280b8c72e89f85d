package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * The broker's open client connections (LIST_CONNECTIONS; the request body is empty), in
 * connection id order.
 *
 * <pre>
 * connections  array of
 *   connectionId      int64
 *   clientId          string (nullable), the JMS client id
 *   username          string (nullable), who the connection authenticated as
 *   address           string, the peer's address
 *   clientSoftware    string, from the handshake
 *   connectedSinceMs  int64, epoch ms of the handshake
 *   consumers         int32, consumers open on the connection
 *   unsettled         int32, deliveries it holds and has not settled
 * </pre>
 */
public record ListConnectionsResponse(List<Connection> connections) implements ApiMessage {

    public record Connection(
            long connectionId,
            String clientId,
            String username,
            String address,
            String clientSoftware,
            long connectedSinceMs,
            int consumers,
            int unsettled) {}

    public static ListConnectionsResponse read(ByteBuf in) {
        List<Connection> list = Wire.readRequiredArray(
                in,
                "connections",
                36,
                b -> new Connection(
                        Wire.readLong(b, "connectionId"),
                        Wire.readString(b, "clientId"),
                        Wire.readString(b, "username"),
                        Wire.readRequiredString(b, "address"),
                        Wire.readRequiredString(b, "clientSoftware"),
                        Wire.readLong(b, "connectedSinceMs"),
                        Wire.readInt(b, "consumers"),
                        Wire.readInt(b, "unsettled")));
        Wire.expectEnd(in, "ListConnectionsResponse");
        return new ListConnectionsResponse(list);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, connections, (b, c) -> {
            b.writeLong(c.connectionId());
            Wire.writeString(b, c.clientId());
            Wire.writeString(b, c.username());
            Wire.writeString(b, c.address());
            Wire.writeString(b, c.clientSoftware());
            b.writeLong(c.connectedSinceMs());
            b.writeInt(c.consumers()).writeInt(c.unsettled());
        });
    }
}
