package io.sluice.client;

/**
 * What the broker said in the handshake of the current connection.
 *
 * <p>Immutable; thread-safe.
 *
 * @param connectionId unique among the broker's connections since it started; changes on reconnect
 * @param maxFrameBytes the largest request frame the broker accepts
 * @param idleTimeoutMs the broker closes a connection silent for longer
 */
public record ConnectionInfo(
        String host,
        int port,
        short protocolVersion,
        int brokerId,
        long connectionId,
        int maxFrameBytes,
        int idleTimeoutMs,
        String serverVersion) {}
