package io.sluice.client;

/**
 * Told about the life of a client's connection: the hook on which higher layers (the JMS provider's
 * session re-establishment, an application's exception listener) build. Methods run on the client's
 * callback executor, never on the network thread, one at a time and in the order things happened.
 *
 * <p>Implementations should not block for long: other callbacks of the client wait meanwhile.
 */
public interface ConnectionListener {
    /**
     * The connection dropped. Requests that were awaiting an answer have failed with
     * CONNECTION_LOST; the client now tries to reconnect unless reconnection is disabled.
     */
    default void onConnectionLost(SluiceClientException cause) {}

    /**
     * A new connection is established and handshaken. Producers have already started re-sending
     * their unacknowledged batches; requests issued while disconnected are being sent.
     */
    default void onReconnected(ConnectionInfo connection) {}

    /**
     * The client gave up reconnecting (attempts or time exhausted, or a non-retriable handshake
     * error such as AUTHENTICATION_FAILED). The client is FAILED: every pending and future request
     * fails with {@code cause}'s code.
     */
    default void onReconnectFailed(SluiceClientException cause) {}
}
