package io.sluice.jms;

import io.netty.buffer.ByteBuf;
import io.sluice.client.SluiceClient;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import io.sluice.protocol.api.Empty;
import jakarta.jms.JMSException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the JMS objects of one connection talk to the broker: requests that wait for their answer
 * (mapped to JMS exceptions by {@link JmsExceptions}), one-way frames (credit, automatic
 * acknowledgements) and settling deliveries by id. Every request carries the client's request
 * timeout, so every wait ends.
 *
 * <p>Thread-safe: the client is.
 */
final class BrokerChannel {
    private static final Logger log = LoggerFactory.getLogger(BrokerChannel.class);

    private final SluiceClient client;
    /** Whether the owning connection is closed (one-way frames are then dropped quietly). */
    private final BooleanSupplier closed;

    BrokerChannel(SluiceClient client, BooleanSupplier closed) {
        this.client = client;
        this.closed = closed;
    }

    SluiceClient client() {
        return client;
    }

    /**
     * Sends a request and waits for its answer.
     *
     * @param what what is being attempted, for the exception's message
     * @throws JMSException the broker's refusal or the failure, mapped by {@link JmsExceptions}
     */
    <T> T call(String what, ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader) throws JMSException {
        try {
            return client.<T>request(api, body, reader).get();
        } catch (ExecutionException e) {
            throw JmsExceptions.from(what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException(what + " was interrupted");
        }
    }

    /** Settles deliveries with an ACK request and waits until the broker has it durably. */
    void settle(AckType type, DeliveryIds ids) throws JMSException {
        if (ids.isEmpty()) {
            return;
        }
        List<AckRequest.Range> ranges = ids.ranges();
        call(
                "acknowledging " + ids.size() + " messages (" + type + ")",
                ApiKey.ACK,
                new AckRequest(type, ranges),
                Empty::read);
    }

    /** Settles deliveries with a one-way ACK. */
    void settleOneWay(AckType type, DeliveryIds ids) {
        if (ids.isEmpty() || closed.getAsBoolean()) {
            return;
        }
        client.sendOneWay(ApiKey.ACK, new AckRequest(type, ids.ranges())).whenComplete((v, e) -> {
            if (e != null && !closed.getAsBoolean()) {
                log.debug("could not send a one-way {} for {} messages: {}", type, ids.size(), e.toString());
            }
        });
    }

    /** Sends a one-way request (credit). */
    void sendOneWay(ApiKey api, ApiMessage body) {
        if (!closed.getAsBoolean()) {
            client.sendOneWay(api, body);
        }
    }
}
