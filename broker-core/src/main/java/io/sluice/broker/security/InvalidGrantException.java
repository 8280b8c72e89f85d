package io.sluice.broker.security;

/** A grant or revocation names an invalid pattern, principal or permission set; the message says which. */
public final class InvalidGrantException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidGrantException(String message) {
        super(message);
    }
}
