package io.sluice.protocol.api;

/**
 * The connection-level protocol version, negotiated by the handshake: the client offers a range, the
 * broker picks the highest version both speak. Every frame also carries its own API version.
 */
public final class ProtocolVersion {
    public static final short MIN = 1;
    public static final short CURRENT = 1;

    private ProtocolVersion() {}

    /** The highest version in both ranges, or -1 if they do not overlap. */
    public static short negotiate(short clientMin, short clientMax) {
        short chosen = (short) Math.min(clientMax, CURRENT);
        return chosen >= Math.max(clientMin, MIN) ? chosen : -1;
    }
}
