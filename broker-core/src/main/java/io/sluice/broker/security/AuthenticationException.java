package io.sluice.broker.security;

/**
 * A handshake's credentials were refused. The message never says whether the user exists or
 * contains the password.
 */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
