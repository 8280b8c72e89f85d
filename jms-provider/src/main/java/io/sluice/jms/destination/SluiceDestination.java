package io.sluice.jms.destination;

import io.sluice.protocol.message.DestinationKind;
import io.sluice.protocol.message.DestinationRef;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import java.io.Serializable;
import java.util.Objects;

/**
 * A Sluice destination: a {@link DestinationKind kind} and the name of the broker topic that holds
 * its messages. Two destinations are equal when kind and name are equal, whichever object created
 * them, so a destination looked up in JNDI, created by a session or decoded from a JMSReplyTo header
 * all compare equal.
 *
 * <p>{@link #toString()} reads {@code queue://name}, {@code topic://name}, {@code
 * temp-queue://name} or {@code temp-topic://name}.
 *
 * <p>Immutable and thread-safe (the JMS specification requires destinations to support concurrent
 * use); the temporary kinds add only a deletion flag.
 */
public abstract sealed class SluiceDestination implements Destination, Serializable
        permits SluiceQueue, SluiceTopic, SluiceTemporaryQueue, SluiceTemporaryTopic {
    private static final long serialVersionUID = 1L;

    private final DestinationKind kind;
    private final String name;

    SluiceDestination(DestinationKind kind, String name) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a " + describe(kind) + " needs a non-empty name");
        }
        this.name = name;
    }

    /**
     * The destination of this kind and name.
     *
     * @throws IllegalArgumentException if the name is null or empty
     */
    public static SluiceDestination of(DestinationKind kind, String name) {
        return switch (kind) {
            case QUEUE -> new SluiceQueue(name);
            case TOPIC -> new SluiceTopic(name);
            case TEMPORARY_QUEUE -> new SluiceTemporaryQueue(name, null);
            case TEMPORARY_TOPIC -> new SluiceTemporaryTopic(name, null);
        };
    }

    /** The destination a JMSReplyTo header names. Temporary ones come without an owner. */
    public static SluiceDestination fromRef(DestinationRef ref) {
        return of(ref.kind(), ref.name());
    }

    /**
     * A Sluice destination for any {@link Destination}: Sluice destinations are returned as they
     * are, another provider's Queue or Topic (temporary or not) maps to the Sluice destination of the
     * same kind and name.
     *
     * @throws InvalidDestinationException if {@code destination} is null, is neither a Queue nor a
     *     Topic, or has no name
     */
    public static SluiceDestination from(Destination destination) throws JMSException {
        if (destination instanceof SluiceDestination sluice) {
            return sluice;
        }
        if (destination == null) {
            throw new InvalidDestinationException("destination is null");
        }
        DestinationKind kind;
        String name;
        if (destination instanceof Queue queue) {
            kind = destination instanceof TemporaryQueue ? DestinationKind.TEMPORARY_QUEUE : DestinationKind.QUEUE;
            name = queue.getQueueName();
        } else if (destination instanceof Topic topic) {
            kind = destination instanceof TemporaryTopic ? DestinationKind.TEMPORARY_TOPIC : DestinationKind.TOPIC;
            name = topic.getTopicName();
        } else {
            throw new InvalidDestinationException("destination " + destination + " of "
                    + destination.getClass().getName() + " is neither a Queue nor a Topic");
        }
        if (name == null || name.isEmpty()) {
            throw new InvalidDestinationException("destination " + destination + " of "
                    + destination.getClass().getName() + " has no name");
        }
        return of(kind, name);
    }

    public DestinationKind kind() {
        return kind;
    }

    /** The broker topic that holds this destination's messages. */
    public String name() {
        return name;
    }

    public boolean isQueue() {
        return kind.isQueue();
    }

    public boolean isTemporary() {
        return kind.isTemporary();
    }

    /** The reference carried in a JMSReplyTo header. */
    public DestinationRef toRef() {
        return new DestinationRef(kind, name);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof SluiceDestination other && kind == other.kind && name.equals(other.name);
    }

    @Override
    public final int hashCode() {
        return 31 * kind.hashCode() + name.hashCode();
    }

    @Override
    public final String toString() {
        return scheme(kind) + "://" + name;
    }

    private static String scheme(DestinationKind kind) {
        return switch (kind) {
            case QUEUE -> "queue";
            case TOPIC -> "topic";
            case TEMPORARY_QUEUE -> "temp-queue";
            case TEMPORARY_TOPIC -> "temp-topic";
        };
    }

    private static String describe(DestinationKind kind) {
        return switch (kind) {
            case QUEUE -> "queue";
            case TOPIC -> "topic";
            case TEMPORARY_QUEUE -> "temporary queue";
            case TEMPORARY_TOPIC -> "temporary topic";
        };
    }
}
