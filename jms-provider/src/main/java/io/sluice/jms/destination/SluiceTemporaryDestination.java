package io.sluice.jms.destination;

import io.sluice.protocol.message.DestinationKind;
import jakarta.jms.JMSException;

/**
 * A temporary queue or topic: one that lives as long as the connection that created it. The
 * connection layer creates them with itself as {@link #owner()}; the same name decoded from a
 * JMSReplyTo header has no owner, can be sent to, but cannot be deleted here.
 *
 * <p>Implementations are thread-safe.
 */
public sealed interface SluiceTemporaryDestination permits SluiceTemporaryQueue, SluiceTemporaryTopic {
    DestinationKind kind();

    String name();

    /** The connection that created this destination, or {@code null} if it was not created here. */
    TemporaryDestinationOwner owner();

    /** Whether {@code delete()} has completed on this object. */
    boolean isDeleted();

    /** This destination as a {@link SluiceDestination}. */
    SluiceDestination asDestination();

    /**
     * Deletes the destination through its owner.
     *
     * @throws jakarta.jms.IllegalStateException if this object has no owner
     * @throws JMSException whatever the owner throws
     */
    void delete() throws JMSException;

    /** The deletion every temporary kind shares: through the owner, or refused without one. */
    static void deleteThroughOwner(SluiceTemporaryDestination destination) throws JMSException {
        TemporaryDestinationOwner owner = destination.owner();
        if (owner == null) {
            throw new jakarta.jms.IllegalStateException(destination.asDestination()
                    + " was not created by a connection of this client, so it cannot be deleted here");
        }
        owner.deleteTemporaryDestination(destination);
    }
}
