package io.sluice.client;

/**
 * The client's internal view of connection events, for components whose state lives on the
 * connection's event loop (the producer's sender). Unlike {@link ConnectionListener}, methods run
 * on the event loop, synchronously, and must not block.
 */
interface ConnectionObserver {
    /** A connection is handshaken and ready; requests may be written. */
    default void onReady(ConnectionInfo info) {}

    /** The connection dropped; in-flight requests have already failed with CONNECTION_LOST. */
    default void onDisconnected(SluiceClientException cause) {}

    /** The client gave up reconnecting, or was closed: nothing will be sent any more. */
    default void onTerminated(SluiceClientException cause) {}
}
