package io.sluice.samples.orders;

import io.sluice.samples.support.SampleTimeoutException;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A worker competing with the others for orders on the order queue. It acknowledges an order
 * (CLIENT_ACKNOWLEDGE) only after processing it, so an order a worker took but did not finish goes
 * back to the queue: when the worker crashes, or when it cannot process the order and calls {@code
 * recover()}. An order that keeps failing is moved to the dead-letter queue by the broker after
 * its maximum number of deliveries.
 *
 * <p>To show a crash, a worker can be told to die while processing its n-th order: it stops
 * processing and acknowledging, and {@link #crash()} drops its connection, as the death of its
 * process would.
 *
 * <p>Thread-safe: orders are handled on the session's thread, one at a time; the crash flag is
 * volatile.
 */
final class OrderWorker implements MessageListener, AutoCloseable {
    private static final long WORK_MS = 10;

    private final String name;
    private final ProcessedOrders processed;
    private final PrintStream out;
    private final int crashAtOrder;
    private final CountDownLatch crashed = new CountDownLatch(1);
    private final Connection connection;
    private final Session session;
    private int ordersTaken; // confined to the session's thread
    private volatile boolean dead; // set on the session's thread, read by crash()

    /**
     * @param crashAtOrder the worker dies while processing its n-th well-formed order; 0 = never
     */
    OrderWorker(
            String name,
            ConnectionFactory factory,
            Queue orders,
            ProcessedOrders processed,
            PrintStream out,
            int crashAtOrder)
            throws JMSException {
        this.name = name;
        this.processed = processed;
        this.out = out;
        this.crashAtOrder = crashAtOrder;
        connection = factory.createConnection();
        try {
            session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(orders);
            consumer.setMessageListener(this);
            connection.start();
        } catch (JMSException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void onMessage(Message message) {
        if (dead) {
            return; // a dead process handles nothing; the broker takes these back when it is gone
        }
        try {
            handle(message);
        } catch (JMSException e) {
            out.printf("[%s] failed to handle %s: %s%n", name, message, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(Message message) throws JMSException, InterruptedException {
        int delivery = message.getIntProperty("JMSXDeliveryCount");
        Order order;
        try {
            order = Order.from(message);
        } catch (MessageFormatException e) {
            out.printf(
                    "[%s] cannot process (delivery %d): %s -> recover, the broker will redeliver it%n",
                    name, delivery, e.getMessage());
            session.recover();
            return;
        }
        ordersTaken++;
        if (ordersTaken == crashAtOrder) {
            dead = true;
            out.printf("[%s] CRASH while processing %s - it is not acknowledged%n", name, order.orderId());
            crashed.countDown();
            return;
        }
        Thread.sleep(WORK_MS);
        processed.record(order, name, message.getJMSRedelivered());
        message.acknowledge();
        out.printf(
                "[%s] processed %s: %d x %s%s%n",
                name,
                order.orderId(),
                order.quantity(),
                order.sku(),
                message.getJMSRedelivered() ? "  (redelivered, delivery " + delivery + ")" : "");
    }

    /**
     * Waits until the worker has died on its order, then drops its connection.
     *
     * @throws SampleTimeoutException when the worker did not get that many orders in time
     */
    void crash(Duration timeout) throws JMSException, InterruptedException {
        if (!crashed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new SampleTimeoutException(
                    name + " did not get its order #" + crashAtOrder + " within " + timeout.toMillis() + " ms");
        }
        connection.close();
        out.printf("[%s] is gone: the broker hands its unacknowledged orders to the other workers%n", name);
    }

    boolean isDead() {
        return dead;
    }

    String name() {
        return name;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
