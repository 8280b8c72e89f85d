package io.sluice.broker.delivery;

import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.UnknownTopicException;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import io.sluice.protocol.message.DestinationKind;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary queues and topics that exist, and the connection owning each. Their names start
 * with the reserved prefix {@value #PREFIX} (no other destination may use it) followed by the kind,
 * the owning connection and a random part, e.g. {@code _temp.q.17.3.9f2c41d0}. Each is a topic with
 * one partition and flush policy {@code os} (it never outlives its connection, so forcing it to disk
 * buys nothing), deleted with its log and subscriptions when its owner deletes it or goes away.
 *
 * <p>Thread-safe. Creation and deletion run on the metadata executor and complete on the owner's
 * event loop.
 */
final class TemporaryDestinations {
    private static final Logger log = LoggerFactory.getLogger(TemporaryDestinations.class);
    static final String PREFIX = "_temp.";

    private final DeliveryRuntime rt;
    private final SubscriptionManager subscriptions;
    private final ConcurrentHashMap<String, DeliverySession> owners = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    TemporaryDestinations(DeliveryRuntime rt, SubscriptionManager subscriptions) {
        this.rt = rt;
        this.subscriptions = subscriptions;
    }

    static boolean isTemporaryName(String name) {
        return name != null && name.startsWith(PREFIX);
    }

    /** The owning connection, or null if no such temporary destination exists. */
    DeliverySession owner(String name) {
        return owners.get(name);
    }

    /** CREATE_TEMPORARY with a new name. */
    CompletableFuture<String> create(DeliverySession session, DestinationKind kind) {
        return create(session, kind, null);
    }

    /**
     * CREATE_TEMPORARY: a new temporary destination, or with {@code requested} one of that name again
     * (a client re-establishing its state after a reconnect). Re-creating is allowed while no live
     * connection owns the name; an old one of the name (its owner gone, its deletion perhaps still
     * pending) is replaced by an empty one.
     */
    CompletableFuture<String> create(DeliverySession session, DestinationKind kind, String requested) {
        if (!kind.isTemporary()) {
            throw new SluiceProtocolException(
                    ErrorCode.INVALID_REQUEST,
                    "CREATE_TEMPORARY needs kind TEMPORARY_QUEUE or TEMPORARY_TOPIC, not " + kind);
        }
        session.markUsed();
        if (requested != null) {
            return recreate(session, kind, requested);
        }
        String name = newName(kind, session.connectionId());
        CompletableFuture<Topic> created = rt.onMetadata(() ->
                rt.topics().create(name, 1, Map.of("type", kind.isQueue() ? "queue" : "topic", "flush.policy", "os")));
        return created.thenApplyAsync(
                topic -> {
                    if (session.isClosed()) {
                        deleteLater(name);
                        throw new SluiceProtocolException(ErrorCode.ILLEGAL_STATE, "the connection closed");
                    }
                    owners.put(name, session);
                    session.temporaries().add(name);
                    return name;
                },
                session.eventLoop());
    }

    private CompletableFuture<String> recreate(DeliverySession session, DestinationKind kind, String name) {
        String prefix = PREFIX + (kind.isQueue() ? "q." : "t.");
        if (!name.startsWith(prefix) || name.length() == prefix.length()) {
            throw new SluiceProtocolException(
                    ErrorCode.INVALID_REQUEST,
                    "a temporary " + (kind.isQueue() ? "queue" : "topic") + " to re-create must be named " + prefix
                            + "..., not '" + name + "'");
        }
        CompletableFuture<String> done = rt.onMetadata(() -> {
            synchronized (this) {
                DeliverySession owner = owners.get(name);
                if (owner == session) {
                    return name;
                }
                if (owner != null && !owner.isClosed()) {
                    throw new SluiceProtocolException(
                            ErrorCode.TEMPORARY_DESTINATION_NOT_OWNED,
                            "temporary destination '" + name + "' belongs to another connection");
                }
                deleteNow(name);
                rt.topics().create(name, 1, Map.of("type", kind.isQueue() ? "queue" : "topic", "flush.policy", "os"));
                owners.put(name, session);
                return name;
            }
        });
        return done.thenApplyAsync(
                n -> {
                    if (session.isClosed()) {
                        deleteLater(n, session);
                        throw new SluiceProtocolException(ErrorCode.ILLEGAL_STATE, "the connection closed");
                    }
                    session.temporaries().add(n);
                    return n;
                },
                session.eventLoop());
    }

    /** DELETE_TEMPORARY: only by its owner, only without consumers. */
    CompletableFuture<Void> delete(DeliverySession session, String name) {
        DeliverySession owner = owners.get(name);
        if (owner == null) {
            throw new SluiceProtocolException(
                    ErrorCode.UNKNOWN_TOPIC, "temporary destination '" + name + "' does not exist");
        }
        if (owner != session) {
            throw new SluiceProtocolException(
                    ErrorCode.TEMPORARY_DESTINATION_NOT_OWNED,
                    "temporary destination '" + name + "' belongs to another connection");
        }
        CompletableFuture<Void> deleted = rt.onMetadata(() -> {
            int consumers = subscriptions.consumersOf(name);
            if (consumers > 0) {
                throw new SluiceProtocolException(
                        ErrorCode.TEMPORARY_DESTINATION_IN_USE,
                        "temporary destination '" + name + "' has " + consumers + " consumers");
            }
            deleteNow(name);
            return null;
        });
        return deleted.thenApplyAsync(
                v -> {
                    session.temporaries().remove(name);
                    return null;
                },
                session.eventLoop());
    }

    /** The owner's connection closed: its temporary destinations go, consumers or not. */
    void connectionClosed(DeliverySession session) {
        for (String name : new ArrayList<>(session.temporaries())) {
            deleteLater(name, session);
        }
        session.temporaries().clear();
    }

    private void deleteLater(String name) {
        deleteLater(name, null);
    }

    /** Deletes {@code name} unless another connection than {@code owner} (null: any) has re-created it. */
    private void deleteLater(String name, DeliverySession owner) {
        rt.onMetadata(() -> {
                    synchronized (this) {
                        DeliverySession current = owners.get(name);
                        if (owner == null || current == null || current == owner) {
                            deleteNow(name);
                        }
                    }
                    return null;
                })
                .exceptionally(e -> {
                    log.warn("Could not delete temporary destination {}: {}", name, e.toString());
                    return null;
                });
    }

    /** Deletes the topic (and with it its subscriptions). On the metadata executor. */
    private void deleteNow(String name) {
        owners.remove(name);
        try {
            rt.topics().delete(name);
        } catch (UnknownTopicException e) {
            // already gone
        }
    }

    private String newName(DestinationKind kind, long connectionId) {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return PREFIX + (kind.isQueue() ? "q." : "t.") + connectionId + "." + counter.incrementAndGet() + "."
                + HexFormat.of().formatHex(bytes);
    }
}
