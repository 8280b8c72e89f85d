package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * The first request on every connection: protocol versions the client speaks, who it is and its
 * credentials. Until it succeeds, the broker answers every other request with HANDSHAKE_REQUIRED.
 *
 * <pre>
 * minVersion      int16
 * maxVersion      int16
 * clientId        string (nullable; the JMS client id, if already known)
 * clientSoftware  string (e.g. "sluice-jms/0.1.0")
 * username        string (nullable)
 * password        string (nullable)
 * </pre>
 */
public record HandshakeRequest(
        short minVersion, short maxVersion, String clientId, String clientSoftware, String username, String password)
        implements ApiMessage {

    public static HandshakeRequest read(ByteBuf in) {
        HandshakeRequest r = new HandshakeRequest(
                Wire.readShort(in, "minVersion"),
                Wire.readShort(in, "maxVersion"),
                Wire.readString(in, "clientId"),
                Wire.readString(in, "clientSoftware"),
                Wire.readString(in, "username"),
                Wire.readString(in, "password"));
        Wire.expectEnd(in, "HandshakeRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeShort(minVersion).writeShort(maxVersion);
        Wire.writeString(out, clientId);
        Wire.writeString(out, clientSoftware);
        Wire.writeString(out, username);
        Wire.writeString(out, password);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "HandshakeRequest[minVersion=" + minVersion + ", maxVersion=" + maxVersion + ", clientId=" + clientId
                + ", clientSoftware=" + clientSoftware + ", username=" + username + ", password="
                + (password == null ? "null" : "***") + "]";
    }
}
