package io.sluice.samples.registration;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service that reacts to {@link UserRegistered} events through a durable subscription of its
 * own: the broker keeps the events for the subscription while the service is stopped and delivers
 * them when it starts again. Each service has its own client id and subscription name, so every
 * service gets every event, independently of the others.
 *
 * <p>Thread-safe: start and stop are synchronized; events are handled on the session's thread, one
 * at a time; the counts are a concurrent map.
 */
abstract class UserRegisteredSubscriber implements MessageListener, AutoCloseable {
    private final ConnectionFactory factory;
    private final Topic events;
    private final String clientId;
    private final String subscriptionName;
    private final Map<String, Integer> handledPerUser = new ConcurrentHashMap<>();
    private Connection connection; // guarded by this

    UserRegisteredSubscriber(ConnectionFactory factory, Topic events, String clientId, String subscriptionName) {
        this.factory = factory;
        this.events = events;
        this.clientId = clientId;
        this.subscriptionName = subscriptionName;
    }

    /** Connects and attaches to the durable subscription (creating it the first time). */
    synchronized void start() throws JMSException {
        if (connection != null) {
            return;
        }
        Connection c = factory.createConnection();
        try {
            // A durable subscription is identified by client id + subscription name.
            c.setClientID(clientId);
            Session session = c.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createDurableConsumer(events, subscriptionName);
            consumer.setMessageListener(this);
            c.start();
        } catch (JMSException | RuntimeException e) {
            c.close();
            throw e;
        }
        connection = c;
    }

    /**
     * Disconnects; returns once the event being handled (if any) is done and acknowledged. The
     * durable subscription stays on the broker and collects further events.
     */
    synchronized void stop() throws JMSException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    synchronized boolean isRunning() {
        return connection != null;
    }

    @Override
    public final void onMessage(Message message) {
        UserRegistered event;
        try {
            event = UserRegistered.from(message);
        } catch (JMSException e) {
            // Thrown from onMessage in AUTO_ACKNOWLEDGE: redelivered, then dead-lettered.
            throw new IllegalArgumentException(clientId + " cannot read message: " + e.getMessage(), e);
        }
        handle(event);
        handledPerUser.merge(event.userId(), 1, Integer::sum);
    }

    /** Does the service's work for one event. */
    abstract void handle(UserRegistered event);

    /** How many times each user's event was handled. */
    Map<String, Integer> handledPerUser() {
        return Map.copyOf(handledPerUser);
    }

    /** How many of these users' events were handled at least once. */
    long handledOf(Collection<String> userIds) {
        return userIds.stream().filter(handledPerUser::containsKey).count();
    }

    @Override
    public void close() throws JMSException {
        stop();
    }
}
