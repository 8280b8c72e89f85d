package io.sluice.broker.security;

/** An authenticated user asked for something its roles do not allow. */
public final class AuthorizationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthorizationException(String message) {
        super(message);
    }
}
