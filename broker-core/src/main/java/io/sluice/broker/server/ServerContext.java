package io.sluice.broker.server;

/**
 * What every connection of a server shares. Immutable; thread-safe.
 *
 * @param maxInFlight requests a connection may have pending before reading pauses
 * @param idleTimeoutMs a connection silent for longer is closed
 * @param preAuthTimeoutMs a connection that has not completed its handshake this long after it was
 *     accepted is closed
 * @param limiter counts connections per client address
 * @param produceMemory the broker's budget of produce data in flight
 */
record ServerContext(
        RequestRouter router,
        HandshakeService handshakes,
        int maxInFlight,
        int idleTimeoutMs,
        int preAuthTimeoutMs,
        ConnectionLimiter limiter,
        ProduceMemory produceMemory) {}
