package io.sluice.broker.meta;

/**
 * The metadata store could not be read or written (JDBC error, the database is in use by another
 * process, its schema is newer than this broker). The cause is the original exception.
 */
public final class MetadataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MetadataException(String message, Throwable cause) {
        super(message + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }

    public MetadataException(String message) {
        super(message);
    }
}
