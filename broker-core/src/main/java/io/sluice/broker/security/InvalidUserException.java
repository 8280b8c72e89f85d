package io.sluice.broker.security;

/** A user to be created has an invalid name, password or role; the message says which. */
public final class InvalidUserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidUserException(String message) {
        super(message);
    }
}
