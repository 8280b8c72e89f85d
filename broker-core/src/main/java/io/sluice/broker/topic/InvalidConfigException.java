package io.sluice.broker.topic;

/**
 * A configuration key is unknown, or its value is out of range. The message names the key and
 * says what is allowed.
 */
public final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending key, or null when the problem is not about one key (e.g. the partition count). */
    public String key() {
        return key;
    }
}
