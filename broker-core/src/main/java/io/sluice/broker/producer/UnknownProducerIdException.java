package io.sluice.broker.producer;

/** A batch carries a producer id, or an epoch of it, that this broker never issued. */
public final class UnknownProducerIdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownProducerIdException(String message) {
        super(message);
    }
}
