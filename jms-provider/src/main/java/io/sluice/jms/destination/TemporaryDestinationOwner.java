package io.sluice.jms.destination;

import jakarta.jms.JMSException;

/**
 * What a temporary destination calls to delete itself: implemented by the connection that created
 * it, which knows whether the destination still has consumers, asks the broker to delete the topic
 * and forgets the name. {@code TemporaryQueue.delete()} and {@code TemporaryTopic.delete()} delegate
 * here.
 *
 * <p>Implementations must be thread-safe: an application may delete a temporary destination from
 * any thread.
 */
@FunctionalInterface
public interface TemporaryDestinationOwner {
    /**
     * Deletes the destination.
     *
     * @throws jakarta.jms.IllegalStateException if the owning connection is closed
     * @throws JMSException if the destination still has consumers or the broker refuses or fails
     */
    void deleteTemporaryDestination(SluiceTemporaryDestination destination) throws JMSException;
}
