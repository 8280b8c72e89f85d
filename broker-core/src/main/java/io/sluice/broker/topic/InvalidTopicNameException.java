package io.sluice.broker.topic;

/** A topic name breaks the naming rules of {@link TopicNames}; the message says which rule. */
public final class InvalidTopicNameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidTopicNameException(String message) {
        super(message);
    }
}
