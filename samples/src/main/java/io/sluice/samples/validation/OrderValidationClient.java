package io.sluice.samples.validation;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.UUID;

/**
 * Calls the validation service synchronously over JMS: sends a request with a JMSCorrelationID and
 * a JMSReplyTo naming the client's temporary queue, and waits for the answer with that correlation
 * id, at most a timeout. The request lives only as long as the caller waits (its time to live is
 * the timeout), so a service that comes back later does not work on requests nobody waits for.
 *
 * <p>Not thread-safe: one call at a time.
 */
final class OrderValidationClient implements AutoCloseable {
    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final TemporaryQueue replyQueue;
    private final MessageConsumer replies;
    private final PrintStream out;
    private String lastCorrelationId;

    OrderValidationClient(ConnectionFactory factory, Queue requests, PrintStream out) throws JMSException {
        this.out = out;
        connection = factory.createConnection();
        try {
            session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(requests);
            // A request is worth nothing once its caller has given up: no need to keep it on disk.
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            replyQueue = session.createTemporaryQueue();
            replies = session.createConsumer(replyQueue);
            connection.start();
        } catch (JMSException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Asks whether an order is valid.
     *
     * @return the service's answer
     * @throws ValidationTimeoutException when no answer arrived within {@code timeout}
     */
    ValidationResult validate(String sku, int quantity, Duration timeout)
            throws JMSException, ValidationTimeoutException {
        String correlationId = UUID.randomUUID().toString();
        MapMessage request = session.createMapMessage();
        request.setString("sku", sku);
        request.setInt("quantity", quantity);
        request.setJMSCorrelationID(correlationId);
        request.setJMSReplyTo(replyQueue);
        producer.setTimeToLive(timeout.toMillis());
        producer.send(request);
        lastCorrelationId = correlationId;

        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long leftMs = (deadline - System.nanoTime() + 999_999) / 1_000_000; // rounded up: wait the whole timeout
            Message reply = leftMs > 0 ? replies.receive(leftMs) : null;
            if (reply == null) {
                throw new ValidationTimeoutException(
                        "no answer to request " + correlationId + " within " + timeout.toMillis() + " ms");
            }
            if (correlationId.equals(reply.getJMSCorrelationID())) {
                MapMessage answer = (MapMessage) reply;
                return new ValidationResult(answer.getBoolean("valid"), answer.getString("reason"));
            }
            // An answer to an earlier request that timed out: nobody waits for it any more.
            out.println("    [client] discarding a late answer to " + reply.getJMSCorrelationID());
        }
    }

    /** The correlation id of the last request sent. */
    String lastCorrelationId() {
        return lastCorrelationId;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
