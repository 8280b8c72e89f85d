package io.sluice.jms.destination;

import io.sluice.protocol.message.DestinationKind;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/**
 * A temporary topic, created by {@code Session.createTemporaryTopic} and deleted through its
 * {@link TemporaryDestinationOwner owner} (the connection that created it). Equal to any other
 * temporary topic object of the same name.
 *
 * <p>Thread-safe: the owner is fixed at construction and the deletion flag is volatile.
 */
public final class SluiceTemporaryTopic extends SluiceDestination
        implements TemporaryTopic, SluiceTemporaryDestination {
    private static final long serialVersionUID = 1L;

    /** Not serialized: a copy in another JVM has no connection to delete it through. */
    private final transient TemporaryDestinationOwner owner;
    /** Set by the deleting thread, read by any thread that asks. */
    private volatile boolean deleted;

    /**
     * @param owner the creating connection, or {@code null} for a name learned from a message
     * @throws IllegalArgumentException if {@code name} is null or empty
     */
    public SluiceTemporaryTopic(String name, TemporaryDestinationOwner owner) {
        super(DestinationKind.TEMPORARY_TOPIC, name);
        this.owner = owner;
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    public TemporaryDestinationOwner owner() {
        return owner;
    }

    @Override
    public boolean isDeleted() {
        return deleted;
    }

    @Override
    public SluiceDestination asDestination() {
        return this;
    }

    @Override
    public void delete() throws JMSException {
        SluiceTemporaryDestination.deleteThroughOwner(this);
        deleted = true;
    }
}
