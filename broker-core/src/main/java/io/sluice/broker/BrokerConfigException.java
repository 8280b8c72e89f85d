package io.sluice.broker;

/** A broker configuration key is unknown or its value is invalid; the message names the key. */
public final class BrokerConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerConfigException(String message) {
        super(message);
    }

    public BrokerConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
