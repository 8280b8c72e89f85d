package io.sluice.jms;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady send/receive load for fault tests: one connection sends numbered PERSISTENT messages to
 * a queue (each send waits until the broker has it on disk), another receives them in
 * AUTO_ACKNOWLEDGE (each message counts as acknowledged once {@code receive} returns). It records
 * what was confirmed, what was received, duplicates and every exception the application code saw.
 *
 * <p>Thread-safe: the records are guarded by this object's monitor; one thread sends, one receives.
 */
final class SteadyLoad implements AutoCloseable {
    private final Connection producerConnection;
    private final Connection consumerConnection;
    private final Queue queue;
    private final int messages;
    private final long pauseNanos;
    private final BitSet confirmed = new BitSet();
    private final BitSet received = new BitSet();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger redelivered = new AtomicInteger();
    private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean stopReceiving;

    /**
     * @param messages how many to send
     * @param pauseMs pause between sends (a steady rate rather than a flood)
     */
    SteadyLoad(ConnectionFactory factory, String queueName, int messages, long pauseMs) throws Exception {
        this.messages = messages;
        this.pauseNanos = TimeUnit.MILLISECONDS.toNanos(pauseMs);
        this.producerConnection = factory.createConnection();
        this.consumerConnection = factory.createConnection();
        Session ps = producerConnection.createSession(Session.AUTO_ACKNOWLEDGE);
        this.queue = ps.createQueue(queueName);
        MessageProducer producer = ps.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        Session cs = consumerConnection.createSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = cs.createConsumer(queue);
        consumerConnection.start();
        sender = new Thread(() -> send(ps, producer), "load-sender");
        receiver = new Thread(() -> receive(consumer), "load-receiver");
        sender.start();
        receiver.start();
    }

    private void send(Session session, MessageProducer producer) {
        try {
            for (int i = 0; i < messages; i++) {
                Message m = session.createTextMessage("m" + i);
                m.setIntProperty("n", i);
                producer.send(m);
                synchronized (this) {
                    confirmed.set(i);
                }
                if (pauseNanos > 0) {
                    Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
                }
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }

    private void receive(MessageConsumer consumer) {
        try {
            while (!stopReceiving) {
                Message m = consumer.receive(200);
                if (m == null) {
                    continue;
                }
                int n = m.getIntProperty("n");
                if (m.getJMSRedelivered()) {
                    redelivered.incrementAndGet();
                }
                synchronized (this) {
                    if (received.get(n)) {
                        duplicates.incrementAndGet();
                    }
                    received.set(n);
                }
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }

    synchronized int confirmedCount() {
        return confirmed.cardinality();
    }

    synchronized int receivedCount() {
        return received.cardinality();
    }

    /** Waits until the sender is done and every confirmed message was received (or the time is up). */
    boolean awaitDone(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        sender.join(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (missing().isEmpty() && !sender.isAlive()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Waits until at least {@code count} messages were received. */
    boolean awaitReceived(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (receivedCount() >= count) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Confirmed messages not received. */
    synchronized BitSet missing() {
        BitSet m = (BitSet) confirmed.clone();
        m.andNot(received);
        return m;
    }

    int duplicates() {
        return duplicates.get();
    }

    int redelivered() {
        return redelivered.get();
    }

    List<Throwable> errors() {
        return errors;
    }

    SluiceConnection producerConnection() {
        return (SluiceConnection) producerConnection;
    }

    SluiceConnection consumerConnection() {
        return (SluiceConnection) consumerConnection;
    }

    @Override
    public void close() throws Exception {
        stopReceiving = true;
        sender.join(10_000);
        receiver.join(10_000);
        producerConnection.close();
        consumerConnection.close();
    }
}
