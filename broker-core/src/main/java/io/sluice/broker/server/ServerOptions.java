package io.sluice.broker.server;

import io.netty.handler.ssl.SslContext;

/**
 * How the broker's TCP endpoint listens and treats its connections. Immutable; thread-safe.
 *
 * @param host address to bind
 * @param port 0 for any free port
 * @param ioThreads Netty event loops
 * @param preAuthMaxFrameBytes frame limit until a connection has authenticated
 * @param maxInFlight requests a connection may have pending before reading pauses
 * @param idleTimeoutMs a connection silent for longer is closed
 * @param sslContext TLS for every connection, or null for plain TCP
 * @param preAuthTimeoutMs time from accepting a connection to its completed handshake
 * @param maxConnectionsPerAddress open connections one client address may have; 0 = no limit
 * @param produceMemory the budget of produce data in flight, with its policy
 * @param writeBufferBytes bytes queued for a connection above which it counts as not writable
 *     (pushes and reading stop); it is writable again below half
 */
public record ServerOptions(
        String host,
        int port,
        int ioThreads,
        int preAuthMaxFrameBytes,
        int maxInFlight,
        int idleTimeoutMs,
        SslContext sslContext,
        int preAuthTimeoutMs,
        int maxConnectionsPerAddress,
        ProduceMemory produceMemory,
        int writeBufferBytes) {}
