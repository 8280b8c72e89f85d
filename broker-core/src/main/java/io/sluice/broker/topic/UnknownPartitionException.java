package io.sluice.broker.topic;

/** A request named a partition number the topic does not have. */
public final class UnknownPartitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownPartitionException(String topic, int partition, int partitionCount) {
        super("topic '" + topic + "' has no partition " + partition + " (it has " + partitionCount + ")");
    }
}
