package io.sluice.broker.server;

/** A request parsed but makes no sense (a negative timeout, an empty topic list, ...). */
public final class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
