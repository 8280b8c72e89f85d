package io.sluice.broker.security;

/** An administrative request names a user that does not exist. */
public final class UnknownUserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownUserException(String username) {
        super("user '" + username + "' does not exist");
    }
}
