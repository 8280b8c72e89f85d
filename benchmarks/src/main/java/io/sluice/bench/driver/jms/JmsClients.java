package io.sluice.bench.driver.jms;

import io.sluice.bench.driver.BenchProducer;
import io.sluice.bench.driver.MessageSink;
import io.sluice.bench.driver.WorkloadClients;
import io.sluice.bench.workload.AckMode;
import io.sluice.bench.workload.DestinationType;
import io.sluice.bench.workload.Workload;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JMS workload's connections over plain {@code jakarta.jms}: one connection and session per
 * producer and per consumer, as separate applications would have. Queue consumers compete on one
 * queue. A topic gets {@code subscriptions} subscriptions named {@code bench-sub-N}: durable ones
 * use {@code createDurableConsumer} with a client id per subscription when it has one consumer,
 * {@code createSharedDurableConsumer} when it has several; non-durable ones likewise with {@code
 * createConsumer} and {@code createSharedConsumer}. With {@link MessageGroups} settings, queue
 * consumer {@code c} selects the messages of group {@code c}.
 *
 * <p>Thread-safe: the connection list is concurrent; each session is confined to its producer
 * thread or its consumer's listener.
 */
final class JmsClients implements WorkloadClients {
    private final ConnectionFactory factory;
    private final Workload workload;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    JmsClients(ConnectionFactory factory, Workload workload) {
        this.factory = factory;
        this.workload = workload;
    }

    @Override
    public void startConsumers(MessageSink sink) throws JMSException {
        if (workload.destinationType() == DestinationType.QUEUE) {
            for (int c = 0; c < workload.consumers(); c++) {
                Session session = newSession(null);
                MessageConsumer consumer = session.createConsumer(
                        session.createQueue(workload.destinationName()), MessageGroups.selector(workload, c));
                String forwardTo = Forwarding.target(workload);
                MessageProducer forward =
                        forwardTo == null ? null : session.createProducer(session.createQueue(forwardTo));
                consumer.setMessageListener(new JmsListener(session, workload, sink, forward));
            }
        } else {
            for (int s = 0; s < workload.subscriptions(); s++) {
                startSubscription(s, sink);
            }
        }
        for (Connection c : connections) {
            c.start();
        }
    }

    private void startSubscription(int index, MessageSink sink) throws JMSException {
        String name = "bench-sub-" + index;
        boolean single = workload.consumers() <= 1;
        String clientId = single && workload.durableSubscriptions() ? workload.destinationName() + "-" + name : null;
        if (workload.consumers() == 0) {
            if (workload.durableSubscriptions()) {
                // Creating and closing the consumer leaves the durable subscription in place.
                Session session = newSession(clientId);
                session.createDurableConsumer(session.createTopic(workload.destinationName()), name)
                        .close();
            }
            return;
        }
        for (int c = 0; c < workload.consumers(); c++) {
            Session session = newSession(clientId);
            Topic topic = session.createTopic(workload.destinationName());
            MessageConsumer consumer;
            if (workload.durableSubscriptions()) {
                consumer = single
                        ? session.createDurableConsumer(topic, name)
                        : session.createSharedDurableConsumer(topic, name);
            } else {
                consumer = single ? session.createConsumer(topic) : session.createSharedConsumer(topic, name);
            }
            consumer.setMessageListener(new JmsListener(session, workload, sink));
        }
    }

    @Override
    public BenchProducer createProducer(int index) throws JMSException {
        // A consume-and-produce workload measures the consumers; its producers only fill the input.
        Session session = Forwarding.target(workload) == null ? newSession(null) : newSession(null, AckMode.AUTO);
        Destination destination = workload.destinationType() == DestinationType.QUEUE
                ? session.createQueue(workload.destinationName())
                : session.createTopic(workload.destinationName());
        return new JmsProducer(session, session.createProducer(destination), workload);
    }

    private Session newSession(String clientId) throws JMSException {
        return newSession(clientId, workload.ackMode());
    }

    private Session newSession(String clientId, AckMode mode) throws JMSException {
        Connection connection = factory.createConnection();
        connections.add(connection);
        if (clientId != null) {
            connection.setClientID(clientId);
        }
        return connection.createSession(mode == AckMode.TRANSACTED, sessionMode(mode));
    }

    static int sessionMode(AckMode mode) {
        return switch (mode) {
            case AUTO -> Session.AUTO_ACKNOWLEDGE;
            case CLIENT -> Session.CLIENT_ACKNOWLEDGE;
            case DUPS_OK -> Session.DUPS_OK_ACKNOWLEDGE;
            case TRANSACTED -> Session.SESSION_TRANSACTED;
        };
    }

    @Override
    public void close() throws JMSException {
        JMSException first = null;
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        connections.clear();
        if (first != null) {
            throw first;
        }
    }
}
