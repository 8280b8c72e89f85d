package io.sluice.broker.partition;

/**
 * A batch was appended, but the log failed before it became durable: it may or may not survive a
 * crash. The client may resend (idempotent producers make that safe).
 */
public final class NotDurableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotDurableException(String message, Throwable cause) {
        super(message, cause);
    }
}
