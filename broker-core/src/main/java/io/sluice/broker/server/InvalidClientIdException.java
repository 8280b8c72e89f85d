package io.sluice.broker.server;

/** A handshake carried a client id that is malformed or already used by another connection. */
public final class InvalidClientIdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidClientIdException(String message) {
        super(message);
    }
}
