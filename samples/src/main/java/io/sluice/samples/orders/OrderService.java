package io.sluice.samples.orders;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

/**
 * Takes orders and puts them on the order queue, where the workers compete for them.
 *
 * <p>Not thread-safe: one caller at a time.
 */
final class OrderService implements AutoCloseable {
    /** The property that tells this run's orders (and their dead letters) from other runs'. */
    static final String RUN_ID_PROPERTY = "runId";

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final String runId;

    OrderService(ConnectionFactory factory, Queue orders, String runId) throws JMSException {
        this.runId = runId;
        connection = factory.createConnection();
        try {
            session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(orders);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        } catch (JMSException e) {
            connection.close();
            throw e;
        }
    }

    /** Sends a well-formed order. */
    void send(String orderId, String sku, int quantity) throws JMSException {
        MapMessage m = message(orderId, sku);
        m.setInt("quantity", quantity);
        producer.send(m);
    }

    /** Sends an order no worker can process: its quantity is not a number (a poison message). */
    void sendMalformed(String orderId, String sku, String quantity) throws JMSException {
        MapMessage m = message(orderId, sku);
        m.setString("quantity", quantity);
        producer.send(m);
    }

    private MapMessage message(String orderId, String sku) throws JMSException {
        MapMessage m = session.createMapMessage();
        m.setStringProperty(RUN_ID_PROPERTY, runId);
        m.setString("orderId", orderId);
        m.setString("sku", sku);
        return m;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
