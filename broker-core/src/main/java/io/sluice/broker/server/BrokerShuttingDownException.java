package io.sluice.broker.server;

/** The broker is closing and no longer takes new work. */
public final class BrokerShuttingDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerShuttingDownException() {
        super("the broker is shutting down");
    }
}
