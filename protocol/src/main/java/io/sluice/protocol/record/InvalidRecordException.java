package io.sluice.protocol.record;

/**
 * Thrown when bytes that should hold a record batch do not: a bad CRC, an impossible length, a
 * truncated batch, an unknown magic byte or a malformed record. The message always names what was
 * wrong and where, so a log line is enough to diagnose the corruption.
 */
public final class InvalidRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
