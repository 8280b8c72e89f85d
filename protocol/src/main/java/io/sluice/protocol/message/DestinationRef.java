package io.sluice.protocol.message;

import java.util.Objects;

/**
 * A destination as named in message metadata (JMSReplyTo): its kind and its name.
 *
 * @param name the topic name in the broker
 */
public record DestinationRef(DestinationKind kind, String name) {
    public DestinationRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }
}
