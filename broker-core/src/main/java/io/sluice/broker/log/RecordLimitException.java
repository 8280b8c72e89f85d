package io.sluice.broker.log;

/**
 * An appended record is well-formed but larger, or has more headers, than the log's limits allow
 * ({@code max.record.bytes}, {@code max.record.headers}). Nothing of the append is stored.
 */
public final class RecordLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordLimitException(String message) {
        super(message);
    }
}
