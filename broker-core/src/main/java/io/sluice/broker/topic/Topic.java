package io.sluice.broker.topic;

/**
 * A topic as the broker serves it: name, partition count and effective configuration.
 *
 * <p>Immutable; thread-safe.
 */
public record Topic(String name, int partitions, TopicConfig config, long createdAtMs) {
    /**
     * @throws UnknownPartitionException unless {@code 0 <= partition < partitions}
     */
    public void checkPartition(int partition) {
        if (partition < 0 || partition >= partitions) {
            throw new UnknownPartitionException(name, partition, partitions);
        }
    }
}
