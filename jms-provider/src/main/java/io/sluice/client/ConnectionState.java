package io.sluice.client;

/** Where a client's connection is in its life. */
public enum ConnectionState {
    /** Opening the first connection and handshaking. */
    CONNECTING,
    /** Handshake done; requests flow. */
    READY,
    /** The connection dropped; the client is trying to open a new one. Requests wait. */
    RECONNECTING,
    /** The client could not (re)connect within its limits; every request fails. Terminal. */
    FAILED,
    /** Closed by the application. Terminal. */
    CLOSED;

    public boolean isTerminal() {
        return this == FAILED || this == CLOSED;
    }
}
