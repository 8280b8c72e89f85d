package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * The broker's answer to a successful handshake.
 *
 * <pre>
 * protocolVersion  int16, the version both sides now speak
 * brokerId         int32
 * connectionId     int64, unique among this broker's connections since it started
 * maxFrameBytes    int32, the largest frame the broker accepts from now on
 * idleTimeoutMs    int32, the broker closes a connection silent for longer; clients heartbeat
 * serverVersion    string
 * </pre>
 */
public record HandshakeResponse(
        short protocolVersion,
        int brokerId,
        long connectionId,
        int maxFrameBytes,
        int idleTimeoutMs,
        String serverVersion)
        implements ApiMessage {

    public static HandshakeResponse read(ByteBuf in) {
        HandshakeResponse r = new HandshakeResponse(
                Wire.readShort(in, "protocolVersion"),
                Wire.readInt(in, "brokerId"),
                Wire.readLong(in, "connectionId"),
                Wire.readInt(in, "maxFrameBytes"),
                Wire.readInt(in, "idleTimeoutMs"),
                Wire.readString(in, "serverVersion"));
        Wire.expectEnd(in, "HandshakeResponse");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeShort(protocolVersion)
                .writeInt(brokerId)
                .writeLong(connectionId)
                .writeInt(maxFrameBytes)
                .writeInt(idleTimeoutMs);
        Wire.writeString(out, serverVersion);
    }
}
