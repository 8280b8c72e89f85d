package io.sluice.samples.registration;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registers users: publishes one {@link UserRegistered} event per registration to a topic and
 * returns as soon as the broker has stored it. It neither knows nor waits for the services that
 * react to the event.
 *
 * <p>Not thread-safe: one caller at a time (a JMS session is single-threaded).
 */
final class RegistrationService implements AutoCloseable {
    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final String runId;
    private final PrintStream out;
    private final AtomicInteger nextUser = new AtomicInteger(1);

    RegistrationService(ConnectionFactory factory, Topic events, String runId, PrintStream out) throws JMSException {
        this.runId = runId;
        this.out = out;
        connection = factory.createConnection();
        try {
            session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(events);
            // PERSISTENT: send returns once the event is on the broker's disk, so no event is lost.
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        } catch (JMSException e) {
            connection.close();
            throw e;
        }
    }

    /** Registers a user and publishes the event; returns the event. */
    UserRegistered register(String name, String phone) throws JMSException {
        long startNs = System.nanoTime();
        UserRegistered event = new UserRegistered(runId + "-user-" + nextUser.getAndIncrement(), name, phone);
        producer.send(event.toMessage(session));
        long tookUs = (System.nanoTime() - startNs) / 1000;
        out.printf("[registration] %s registered as %s; answered in %.1f ms%n", name, event.userId(), tookUs / 1000.0);
        return event;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
