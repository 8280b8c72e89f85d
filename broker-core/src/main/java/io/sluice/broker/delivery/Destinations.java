package io.sluice.broker.delivery;

import io.sluice.broker.topic.InvalidTopicNameException;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicAlreadyExistsException;
import io.sluice.broker.topic.TopicNames;
import io.sluice.broker.topic.TopicType;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import io.sluice.protocol.message.DestinationKind;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * JMS destinations over topics: a queue is a topic with {@code type=queue}, a JMS topic one with
 * {@code type=topic}; both share one namespace. Destinations are created on first use when the
 * request and the broker ({@code destination.auto.create}) allow it; temporary destinations never
 * are (they exist only through CREATE_TEMPORARY).
 *
 * <p>Thread-safe. Lookups answer at once; creations run on the metadata executor.
 */
public final class Destinations {
    private final DeliveryRuntime rt;
    private final TemporaryDestinations temporaries;

    Destinations(DeliveryRuntime rt, TemporaryDestinations temporaries) {
        this.rt = rt;
        this.temporaries = temporaries;
    }

    /** A resolved destination. */
    public record Resolved(Topic topic, DestinationKind kind, boolean created) {}

    /**
     * Finds (or creates) a destination to produce to.
     *
     * @throws SluiceProtocolException UNKNOWN_TOPIC, DESTINATION_TYPE_MISMATCH, INVALID_TOPIC_NAME
     */
    CompletableFuture<Resolved> resolve(String name, DestinationKind kind, boolean autoCreate) {
        Topic existing = rt.topics().topic(name).orElse(null);
        if (existing != null) {
            checkType(existing, kind);
            return CompletableFuture.completedFuture(new Resolved(existing, kindOf(existing), false));
        }
        if (kind.isTemporary() || TemporaryDestinations.isTemporaryName(name)) {
            throw unknown(name, "temporary destination '" + name + "' does not exist");
        }
        if (!autoCreate || !rt.config().autoCreateDestinations()) {
            throw unknown(
                    name,
                    (kind.isQueue() ? "queue '" : "topic '") + name + "' does not exist"
                            + (autoCreate ? " and this broker does not create destinations on first use" : ""));
        }
        validateName(name);
        CompletableFuture<Resolved> done = new CompletableFuture<>();
        try {
            rt.metadata().execute(() -> {
                try {
                    Topic created = rt.topics().create(name, -1, Map.of("type", kind.isQueue() ? "queue" : "topic"));
                    done.complete(new Resolved(created, kindOf(created), true));
                } catch (TopicAlreadyExistsException e) {
                    try {
                        Topic raced = rt.topics().require(name);
                        checkType(raced, kind);
                        done.complete(new Resolved(raced, kindOf(raced), false));
                    } catch (RuntimeException e2) {
                        done.completeExceptionally(e2);
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Finds (or creates) a destination to consume from: like {@link #resolve}, and a temporary
     * destination must belong to the consuming connection.
     */
    CompletableFuture<Topic> forConsumer(
            DeliverySession session, String name, DestinationKind kind, boolean autoCreate) {
        if (TemporaryDestinations.isTemporaryName(name)) {
            DeliverySession owner = temporaries.owner(name);
            if (owner == null) {
                throw unknown(name, "temporary destination '" + name + "' does not exist");
            }
            if (owner != session) {
                throw new SluiceProtocolException(
                        ErrorCode.TEMPORARY_DESTINATION_NOT_OWNED,
                        "temporary destination '" + name + "' belongs to another connection; only its own may consume");
            }
        }
        return resolve(name, kind, autoCreate).thenApply(Resolved::topic);
    }

    private static void checkType(Topic topic, DestinationKind kind) {
        boolean isQueue = topic.config().type() == TopicType.QUEUE;
        if (isQueue != kind.isQueue()) {
            throw new SluiceProtocolException(
                    ErrorCode.DESTINATION_TYPE_MISMATCH,
                    "'" + topic.name() + "' is a " + (isQueue ? "queue" : "topic") + ", not a "
                            + (kind.isQueue() ? "queue" : "topic"));
        }
    }

    static DestinationKind kindOf(Topic topic) {
        boolean queue = topic.config().type() == TopicType.QUEUE;
        if (TemporaryDestinations.isTemporaryName(topic.name())) {
            return queue ? DestinationKind.TEMPORARY_QUEUE : DestinationKind.TEMPORARY_TOPIC;
        }
        return queue ? DestinationKind.QUEUE : DestinationKind.TOPIC;
    }

    /** @throws SluiceProtocolException INVALID_TOPIC_NAME for an illegal or reserved name */
    static void validateName(String name) {
        try {
            TopicNames.validate(name);
        } catch (InvalidTopicNameException e) {
            throw new SluiceProtocolException(ErrorCode.INVALID_TOPIC_NAME, e.getMessage());
        }
        if (TemporaryDestinations.isTemporaryName(name)) {
            throw new SluiceProtocolException(
                    ErrorCode.INVALID_TOPIC_NAME,
                    "names starting with '" + TemporaryDestinations.PREFIX
                            + "' are reserved for temporary destinations");
        }
    }

    private static SluiceProtocolException unknown(String name, String message) {
        return new SluiceProtocolException(ErrorCode.UNKNOWN_TOPIC, message);
    }
}
