package io.sluice.broker.producer;

/**
 * A batch's sequence number is not the next one expected for its producer and partition: a gap,
 * or a resend too old to be recognised as a duplicate. The message says which sequence was
 * expected and which arrived.
 */
public final class OutOfOrderSequenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfOrderSequenceException(String message) {
        super(message);
    }
}
