package io.sluice.broker.topic;

/** CREATE_TOPIC named a topic that already exists. */
public final class TopicAlreadyExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopicAlreadyExistsException(String topic) {
        super("topic '" + topic + "' already exists");
    }
}
