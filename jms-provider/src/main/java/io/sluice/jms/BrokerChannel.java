package io.sluice.jms;

import io.netty.buffer.ByteBuf;
import io.sluice.client.SluiceClient;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.error.ErrorCode;
import jakarta.jms.JMSException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the JMS objects of one connection talk to the broker: requests that wait for their answer
 * (mapped to JMS exceptions by {@link JmsExceptions}), one-way frames (credit, automatic
 * acknowledgements) and settling deliveries by id. Every request carries the client's request
 * timeout, so every wait ends.
 *
 * <p>Across reconnects ({@link ConnectionRecovery}): a request waits until the connection is back
 * and its state re-established, and is repeated there if the connection dropped before the answer
 * came. Frames that name what only one connection knows - delivery ids, consumer ids - are bound to
 * that connection's epoch and never reach a later one: settling a delivery of a lost connection
 * instead remembers an acceptance by the message's identity ({@link DeliveryIdentities}), and
 * unanswered acceptances are remembered the same way.
 *
 * <p>Thread-safe: the client is.
 */
final class BrokerChannel {
    private static final Logger log = LoggerFactory.getLogger(BrokerChannel.class);

    private final SluiceClient client;
    /** Whether the owning connection is closed (one-way frames are then dropped quietly). */
    private final BooleanSupplier closed;
    /** Null when reconnection is off. */
    private final ConnectionRecovery recovery;

    BrokerChannel(SluiceClient client, BooleanSupplier closed, ConnectionRecovery recovery) {
        this.client = client;
        this.closed = closed;
        this.recovery = recovery;
    }

    SluiceClient client() {
        return client;
    }

    long epoch() {
        return client.connectionEpoch();
    }

    /**
     * Sends a request and waits for its answer; with reconnection on, waits for the connection to be
     * back first and repeats the request if the connection drops before the answer.
     *
     * @param what what is being attempted, for the exception's message
     * @throws JMSException the broker's refusal or the failure, mapped by {@link JmsExceptions}
     */
    <T> T call(String what, ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader) throws JMSException {
        if (recovery == null) {
            return await(what, client.request(api, body, reader));
        }
        while (true) {
            long epoch = recovery.awaitReady(what);
            try {
                return await(what, client.request(api, body, reader, requestTimeoutMs(), epoch));
            } catch (JMSException e) {
                if (!isConnectionLost(e)) {
                    throw e;
                }
                log.debug("{}: the connection dropped before the answer; repeating it once reconnected", what);
            }
        }
    }

    /**
     * A request about something attached to one connection (a consumer), sent only on the
     * connection of {@code epoch}. If that connection is lost the request is moot (the broker forgot
     * the consumer with it): null is returned.
     */
    <T> T callAttached(String what, ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader, long epoch)
            throws JMSException {
        try {
            return await(what, request(api, body, reader, epoch));
        } catch (JMSException e) {
            if (recovery != null && isConnectionLost(e) && !recovery.hasFailed()) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Like {@link #call}, with the request made by {@code send} for the epoch it is to go out on
     * (re-made for each attempt).
     */
    <T> T callWith(String what, LongFunction<CompletableFuture<T>> send) throws JMSException {
        while (true) {
            long epoch = recovery == null ? -1 : recovery.awaitReady(what);
            try {
                return await(what, send.apply(epoch));
            } catch (JMSException e) {
                if (recovery == null || !isConnectionLost(e)) {
                    throw e;
                }
            }
        }
    }

    /** A request bound to the connection of {@code epoch} (with reconnection off: to the only one). */
    <T> CompletableFuture<T> request(ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader, long epoch) {
        return recovery == null
                ? client.request(api, body, reader)
                : client.request(api, body, reader, requestTimeoutMs(), epoch);
    }

    boolean isReconnecting() {
        return recovery != null;
    }

    private static <T> T await(String what, CompletableFuture<T> answer) throws JMSException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw JmsExceptions.from(what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException(what + " was interrupted");
        }
    }

    private static boolean isConnectionLost(JMSException e) {
        return ErrorCode.CONNECTION_LOST.name().equals(e.getErrorCode());
    }

    private int requestTimeoutMs() {
        return client.config().requestTimeoutMs();
    }

    /**
     * Settles deliveries with an ACK request and waits until the broker has it durably. An ACCEPT
     * whose connection is lost (before or while it is sent) is remembered by identity and this waits
     * for the next connection, so {@code acknowledge()} holds across a reconnect.
     */
    void settle(AckType type, DeliveryIds ids) throws JMSException {
        if (ids.isEmpty()) {
            return;
        }
        if (recovery == null) {
            call(
                    "acknowledging " + ids.size() + " messages (" + type + ")",
                    ApiKey.ACK,
                    new AckRequest(type, Delivery.brokerRanges(ids)),
                    Empty::read);
            return;
        }
        long epoch = epoch();
        DeliveryIds current = current(type, ids, epoch);
        if (current.isEmpty()) {
            return;
        }
        List<DeliveryIdentities.Identity> settled = recovery.identities().settled(current);
        String what = "acknowledging " + current.size() + " messages (" + type + ")";
        try {
            await(
                    what,
                    client.request(
                            ApiKey.ACK,
                            new AckRequest(type, Delivery.brokerRanges(current)),
                            Empty::read,
                            requestTimeoutMs(),
                            epoch));
        } catch (JMSException e) {
            if (!isConnectionLost(e)) {
                throw e;
            }
            if (type == AckType.ACCEPT) {
                recovery.identities().acknowledgedUnconfirmed(settled);
                recovery.awaitReady(what);
            }
        }
    }

    /**
     * Settles deliveries without waiting. With reconnection on, an ACCEPT goes as a request whose
     * answer confirms it: until then its messages count as acknowledged but unconfirmed.
     */
    void settleOneWay(AckType type, DeliveryIds ids) {
        if (ids.isEmpty() || closed.getAsBoolean()) {
            return;
        }
        if (recovery == null) {
            logFailure(type, ids, client.sendOneWay(ApiKey.ACK, new AckRequest(type, Delivery.brokerRanges(ids))));
            return;
        }
        long epoch = epoch();
        DeliveryIds current = current(type, ids, epoch);
        if (current.isEmpty()) {
            return;
        }
        List<DeliveryIdentities.Identity> settled = recovery.identities().settled(current);
        AckRequest request = new AckRequest(type, Delivery.brokerRanges(current));
        if (type != AckType.ACCEPT) {
            logFailure(type, current, client.sendOneWay(ApiKey.ACK, request, epoch));
            return;
        }
        client.request(ApiKey.ACK, request, Empty::read, requestTimeoutMs(), epoch)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        recovery.identities().acknowledgedUnconfirmed(settled);
                        log.debug("an ACCEPT of {} messages is unconfirmed: {}", settled.size(), e.toString());
                    }
                });
    }

    /**
     * The ids of the connection of {@code epoch}; the others belong to lost connections and are
     * settled by identity: an ACCEPT is remembered so the redelivered copy is accepted on arrival,
     * anything else needs nothing (the broker released them with the connection).
     */
    private DeliveryIds current(AckType type, DeliveryIds ids, long epoch) {
        DeliveryIds current = new DeliveryIds();
        DeliveryIds stale = new DeliveryIds();
        ids.forEach(id -> (Delivery.epochOf(id) == epoch ? current : stale).add(id));
        if (!stale.isEmpty()) {
            List<DeliveryIdentities.Identity> settled = recovery.identities().settled(stale);
            if (type == AckType.ACCEPT) {
                recovery.identities().acknowledgedUnconfirmed(settled);
            }
        }
        return current;
    }

    private void logFailure(AckType type, DeliveryIds ids, CompletableFuture<Void> written) {
        written.whenComplete((v, e) -> {
            if (e != null && !closed.getAsBoolean()) {
                log.debug("could not send a one-way {} for {} messages: {}", type, ids.size(), e.toString());
            }
        });
    }

    /** Sends a one-way request (credit) on the connection of {@code epoch} only. */
    void sendOneWay(ApiKey api, ApiMessage body, long epoch) {
        if (!closed.getAsBoolean()) {
            if (recovery == null) {
                client.sendOneWay(api, body);
            } else {
                client.sendOneWay(api, body, epoch);
            }
        }
    }
}
