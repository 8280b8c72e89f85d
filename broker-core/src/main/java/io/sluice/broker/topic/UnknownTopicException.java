package io.sluice.broker.topic;

/** A request named a topic that does not exist (or is being deleted). */
public final class UnknownTopicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownTopicException(String topic) {
        super("topic '" + topic + "' does not exist");
    }
}
