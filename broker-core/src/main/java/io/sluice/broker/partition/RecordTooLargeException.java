package io.sluice.broker.partition;

/** A record batch is larger than the topic's {@code max.batch.bytes}. */
public final class RecordTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }
}
