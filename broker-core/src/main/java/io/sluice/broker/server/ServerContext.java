package io.sluice.broker.server;

/**
 * What every connection of a server shares. Immutable; thread-safe.
 *
 * @param maxInFlight requests a connection may have pending before reading pauses
 * @param idleTimeoutMs a connection silent for longer is closed
 */
record ServerContext(RequestRouter router, HandshakeService handshakes, int maxInFlight, int idleTimeoutMs) {}
