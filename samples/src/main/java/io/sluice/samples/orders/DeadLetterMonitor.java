package io.sluice.samples.orders;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches the dead-letter queue for this run's orders. The broker moves a message there after
 * {@code max.deliveries} deliveries and adds {@code JMS_Sluice_*} properties saying where it came
 * from and why; a selector picks this run's orders among every destination's dead letters.
 *
 * <p>Thread-safe: messages arrive on the session's thread; the list is copy-on-write.
 */
final class DeadLetterMonitor implements MessageListener, AutoCloseable {
    private final Connection connection;
    private final PrintStream out;
    private final List<String> orderIds = new CopyOnWriteArrayList<>();

    DeadLetterMonitor(ConnectionFactory factory, Queue deadLetters, Queue orders, String runId, PrintStream out)
            throws JMSException {
        this.out = out;
        String selector = "JMS_Sluice_OriginalDestination = 'queue://" + orders.getQueueName() + "' AND "
                + OrderService.RUN_ID_PROPERTY + " = '" + runId + "'";
        connection = factory.createConnection();
        try {
            Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(deadLetters, selector);
            consumer.setMessageListener(this);
            connection.start();
        } catch (JMSException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void onMessage(Message message) {
        try {
            String orderId = ((MapMessage) message).getString("orderId");
            orderIds.add(orderId);
            out.printf(
                    "[dead letters] %s moved to the dead-letter queue: %s after %d deliveries%n",
                    orderId,
                    message.getStringProperty("JMS_Sluice_DeadLetterReason"),
                    message.getIntProperty("JMS_Sluice_DeliveryCount"));
        } catch (JMSException | ClassCastException e) {
            out.println("[dead letters] unreadable dead letter " + message + ": " + e);
        }
    }

    /** The order ids of the dead letters seen so far, in arrival order. */
    List<String> orderIds() {
        return List.copyOf(orderIds);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
