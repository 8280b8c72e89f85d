package io.sluice.jms;

import io.sluice.client.ProducerRecord;
import io.sluice.client.RecordHeader;
import io.sluice.client.RecordMetadata;
import io.sluice.client.RecordProducer;
import io.sluice.jms.destination.SluiceDestination;
import io.sluice.jms.destination.SluiceTemporaryDestination;
import io.sluice.jms.message.EncodedMessage;
import io.sluice.jms.message.ForeignMessageConverter;
import io.sluice.jms.message.SluiceMessage;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.record.Header;
import jakarta.jms.CompletionListener;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The send path every producer of a connection shares: sets the send headers on the message
 * (JMSDestination, JMSDeliveryMode, JMSPriority, JMSMessageID, JMSTimestamp, JMSExpiration,
 * JMSDeliveryTime; also on another provider's message), encodes it into one record, picks the
 * partition and hands the record to the connection's idempotent producer.
 *
 * <p>Partition: a session's messages to one destination all go to one partition, chosen from the
 * session's seed, so they keep their send order; a message with a JMSXGroupID goes to the partition
 * of its group instead (the group keeps its order).
 *
 * <p>What a send waits for: a PERSISTENT send returns once the broker has the message on disk; a
 * NON_PERSISTENT one returns once it is handed to the producer (unless {@code
 * blockOnNonPersistentSend}); a send with a CompletionListener returns at once and the listener is
 * called on the session's dispatcher thread. In a transacted session a send only joins the
 * session's open {@link SessionTransaction} (its CompletionListener is called when the transaction
 * ends).
 *
 * <p>Thread-safe: stateless apart from the connection's thread-safe parts.
 */
final class MessageSender {
    private final SluiceConnection connection;
    private final Clock clock = Clock.systemUTC();

    MessageSender(SluiceConnection connection) {
        this.connection = connection;
    }

    /**
     * Sends a message.
     *
     * @param producer the JMS producer object, for CompletionListener bookkeeping
     * @param listener null for a send that returns once done (see above)
     */
    void send(
            SluiceSession session,
            Object producer,
            SluiceDestination destination,
            Message message,
            SendOptions options,
            CompletionListener listener)
            throws JMSException {
        if (message == null) {
            throw new MessageFormatException("the message to send is null");
        }
        if (destination instanceof SluiceTemporaryDestination t && t.isDeleted()) {
            throw new InvalidDestinationException(destination + " has been deleted");
        }
        SluiceMessage sluice = message instanceof SluiceMessage s ? s : ForeignMessageConverter.toSluice(message);
        long now = clock.millis();
        stampHeaders(sluice, destination, options, now);
        if (sluice != message) {
            ForeignMessageConverter.copySendHeaders(sluice, message);
        }
        EncodedMessage encoded = connection.codec().encode(sluice, now);
        int partitions = connection.destinations().partitions(destination);
        int partition = encoded.key() != null
                ? RecordProducer.partitionForKey(encoded.key(), partitions)
                : Math.floorMod(session.partitionSeed(), partitions);
        List<RecordHeader> headers = new ArrayList<>(encoded.headers().size());
        for (Header h : encoded.headers()) {
            headers.add(new RecordHeader(h.key(), h.valueBytes()));
        }
        ProducerRecord record = new ProducerRecord(
                destination.name(),
                partition,
                encoded.key(),
                encoded.value(),
                headers,
                encoded.attributes(),
                options.isPersistent() ? Durability.DURABLE : Durability.APPENDED,
                encoded.timestampMs());
        String what = "sending to " + destination;
        SessionTransaction transaction = session.transaction();
        if (transaction != null) {
            CompletableFuture<Void> committed = listener == null ? null : new CompletableFuture<>();
            transaction.send(record, committed);
            if (listener != null) {
                session.asyncSends().add(producer, message, listener, committed, what);
            }
            return;
        }
        CompletableFuture<RecordMetadata> stored = connection.producer().send(record);
        stored.whenComplete((m, e) -> {
            if (e != null && JmsExceptions.codeOf(e) == ErrorCode.UNKNOWN_TOPIC) {
                connection.destinations().forget(destination);
            }
        });
        if (listener != null) {
            session.asyncSends().add(producer, message, listener, stored, what);
        } else if (options.isPersistent() || connection.settings().blockOnNonPersistentSend()) {
            await(stored, what);
        } else {
            stored.whenComplete((m, e) -> {
                if (e != null) {
                    connection.reportAsyncFailure(JmsExceptions.from(what + " (NON_PERSISTENT, not awaited)", e));
                }
            });
        }
    }

    private void stampHeaders(SluiceMessage message, SluiceDestination destination, SendOptions options, long now)
            throws JMSException {
        message.setJMSDestination(destination);
        message.setJMSDeliveryMode(options.deliveryMode());
        message.setJMSPriority(options.priority());
        message.setJMSTimestamp(options.disableMessageTimestamp() ? 0 : now);
        message.setJMSExpiration(options.timeToLiveMs() > 0 ? now + options.timeToLiveMs() : 0);
        message.setJMSDeliveryTime(now + options.deliveryDelayMs());
        message.setJMSMessageID(
                options.disableMessageId() ? null : connection.messageIds().next());
    }

    private void await(CompletableFuture<RecordMetadata> stored, String what) throws JMSException {
        long timeoutMs = connection.settings().sendTimeoutMs();
        long startNanos = System.nanoTime();
        try {
            try {
                stored.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                ConnectionRecovery recovery = connection.recovery();
                if (recovery == null || !recovery.wasInterruptedSince(startNanos)) {
                    throw e;
                }
                // The connection was lost meanwhile: the send waits for the reconnect as well.
                stored.get(connection.settings().reconnectTimeoutMs(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw JmsExceptions.from(what, e.getCause());
        } catch (TimeoutException e) {
            throw JmsExceptions.forCode(
                    ErrorCode.REQUEST_TIMED_OUT,
                    what + ": the broker did not acknowledge the message within " + timeoutMs
                            + " ms (sendTimeoutMs); it may or may not have been stored",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException(what + " was interrupted while waiting for the broker's acknowledgement");
        }
    }
}
