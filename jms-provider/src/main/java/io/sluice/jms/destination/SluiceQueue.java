package io.sluice.jms.destination;

import io.sluice.protocol.message.DestinationKind;
import jakarta.jms.Queue;
import javax.naming.NamingException;
import javax.naming.Reference;
import javax.naming.Referenceable;

/**
 * A queue: a broker topic read through one shared subscription, so each message goes to one
 * consumer. It can be created directly ({@code new SluiceQueue("orders")}), bound in JNDI (it is
 * {@link java.io.Serializable} and {@link Referenceable}; see {@link SluiceDestinationFactory}) or
 * obtained from {@code Session.createQueue}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SluiceQueue extends SluiceDestination implements Queue, Referenceable {
    private static final long serialVersionUID = 1L;

    /**
     * @throws IllegalArgumentException if {@code name} is null or empty
     */
    public SluiceQueue(String name) {
        super(DestinationKind.QUEUE, name);
    }

    @Override
    public String getQueueName() {
        return name();
    }

    @Override
    public Reference getReference() throws NamingException {
        return SluiceDestinationFactory.referenceTo(this);
    }
}
