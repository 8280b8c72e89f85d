package io.sluice.samples.validation;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers order validation requests from the validation queue: each answer goes to the request's
 * JMSReplyTo and carries the request's JMSCorrelationID, so the caller can match it.
 *
 * <p>Thread-safe: start and stop are synchronized; requests are handled on the session's thread by
 * a {@link Responder} made for each start.
 */
final class OrderValidationService implements AutoCloseable {
    static final Set<String> CATALOGUE = Set.of("book", "kettle", "lamp", "mug", "pen");
    static final int MAX_QUANTITY = 10;

    private final ConnectionFactory factory;
    private final Queue requests;
    private final PrintStream out;
    private final List<String> answeredCorrelationIds = new CopyOnWriteArrayList<>();
    private Connection connection; // guarded by this

    OrderValidationService(ConnectionFactory factory, Queue requests, PrintStream out) {
        this.factory = factory;
        this.requests = requests;
        this.out = out;
    }

    synchronized void start() throws JMSException {
        if (connection != null) {
            return;
        }
        Connection c = factory.createConnection();
        try {
            Session session = c.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(requests);
            consumer.setMessageListener(new Responder(session));
            c.start();
        } catch (JMSException e) {
            c.close();
            throw e;
        }
        connection = c;
        out.println("    [validation service] started on queue " + requests.getQueueName());
    }

    synchronized void stop() throws JMSException {
        if (connection != null) {
            connection.close();
            connection = null;
            out.println("    [validation service] stopped");
        }
    }

    private static ValidationResult validate(Message request) throws JMSException {
        if (!(request instanceof MapMessage m)) {
            return new ValidationResult(false, "not an order");
        }
        String sku = m.getString("sku");
        if (sku == null || !CATALOGUE.contains(sku)) {
            return new ValidationResult(false, "unknown product '" + sku + "'");
        }
        int quantity;
        try {
            quantity = m.getInt("quantity");
        } catch (NumberFormatException e) {
            return new ValidationResult(false, "quantity '" + m.getObject("quantity") + "' is not a number");
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            return new ValidationResult(false, "quantity " + quantity + " is not within 1.." + MAX_QUANTITY);
        }
        return new ValidationResult(true, "ok");
    }

    /**
     * Answers the requests of one session.
     *
     * <p>Not thread-safe, confined to its session's thread.
     */
    private final class Responder implements MessageListener {
        private final Session session;
        private final MessageProducer replies;

        Responder(Session session) throws JMSException {
            this.session = session;
            // Anonymous: each reply names its destination, the request's JMSReplyTo.
            this.replies = session.createProducer(null);
        }

        @Override
        public void onMessage(Message request) {
            try {
                answer(request);
            } catch (JMSException e) {
                out.println("    [validation service] could not answer " + request + ": " + e);
            }
        }

        private void answer(Message request) throws JMSException {
            Destination replyTo = request.getJMSReplyTo();
            String correlationId =
                    request.getJMSCorrelationID() != null ? request.getJMSCorrelationID() : request.getJMSMessageID();
            if (replyTo == null) {
                out.println("    [validation service] request " + correlationId + " has no JMSReplyTo; dropped");
                return;
            }
            ValidationResult result = validate(request);
            MapMessage reply = session.createMapMessage();
            reply.setJMSCorrelationID(correlationId);
            reply.setBoolean("valid", result.valid());
            reply.setString("reason", result.reason());
            try {
                replies.send(replyTo, reply);
            } catch (InvalidDestinationException e) {
                // The caller gave up and closed its connection, which deleted its temporary queue.
                out.println("    [validation service] the caller of " + correlationId + " is gone; answer dropped");
                return;
            }
            answeredCorrelationIds.add(correlationId);
        }
    }

    /** The correlation ids of the requests answered so far. */
    List<String> answeredCorrelationIds() {
        return List.copyOf(answeredCorrelationIds);
    }

    @Override
    public void close() throws JMSException {
        stop();
    }
}
