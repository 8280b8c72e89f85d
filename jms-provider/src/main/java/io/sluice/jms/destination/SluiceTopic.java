package io.sluice.jms.destination;

import io.sluice.protocol.message.DestinationKind;
import jakarta.jms.Topic;
import javax.naming.NamingException;
import javax.naming.Reference;
import javax.naming.Referenceable;

/**
 * A topic: a broker topic where every subscription has its own cursor, so each subscription sees
 * every message. It can be created directly ({@code new SluiceTopic("prices")}), bound in JNDI (it
 * is {@link java.io.Serializable} and {@link Referenceable}; see {@link SluiceDestinationFactory}) or
 * obtained from {@code Session.createTopic}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SluiceTopic extends SluiceDestination implements Topic, Referenceable {
    private static final long serialVersionUID = 1L;

    /**
     * @throws IllegalArgumentException if {@code name} is null or empty
     */
    public SluiceTopic(String name) {
        super(DestinationKind.TOPIC, name);
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    public Reference getReference() throws NamingException {
        return SluiceDestinationFactory.referenceTo(this);
    }
}
