package io.sluice.broker.producer;

/**
 * A batch carries an older epoch of a producer than the newest one issued: a newer instance of
 * the producer exists, and this one must stop sending.
 */
public final class ProducerFencedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProducerFencedException(String message) {
        super(message);
    }
}
