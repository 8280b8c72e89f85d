package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.broker.BrokerConfig;
import io.sluice.jms.destination.SluiceQueue;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TopicConnection;
import jakarta.jms.TransactionRolledBackException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transacted sessions through the public API against a real broker: sends invisible until commit,
 * consume-transform-produce, rollback redelivery, close and connection loss rolling back, size
 * limits and the specification's misuse errors.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TransactedSessionIT extends JmsTestBase {
    /** The broker's transaction.max.messages for this class: small, to reach it cheaply. */
    private static final int BROKER_MAX_MESSAGES = 200;

    @Override
    BrokerConfig.Builder configure(BrokerConfig.Builder b) {
        return b.transactionMaxMessages(BROKER_MAX_MESSAGES);
    }

    /**
     * Everything in {@code q}, on a new AUTO_ACKNOWLEDGE connection: waits up to 3 s for the first
     * message (an empty queue costs that), then until 1 s passes without one.
     */
    private List<TextMessage> drainQueue(Queue q) throws JMSException {
        Connection c = connection();
        Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        List<TextMessage> out = new ArrayList<>();
        Message m = consumer.receive(3000);
        while (m != null) {
            out.add((TextMessage) m);
            m = consumer.receive(1000);
        }
        c.close();
        return out;
    }

    private static List<String> textsOf(List<TextMessage> messages) throws JMSException {
        return texts(new ArrayList<>(messages));
    }

    @Test
    void everyWayOfAskingForATransactedSessionGivesOne() throws JMSException {
        Connection c = connection();
        for (Session s : List.of(
                c.createSession(true, Session.AUTO_ACKNOWLEDGE),
                c.createSession(true, Session.CLIENT_ACKNOWLEDGE),
                c.createSession(Session.SESSION_TRANSACTED),
                ((QueueConnection) c).createQueueSession(true, Session.AUTO_ACKNOWLEDGE),
                ((TopicConnection) c).createTopicSession(true, Session.DUPS_OK_ACKNOWLEDGE))) {
            assertThat(s.getTransacted()).isTrue();
            assertThat(s.getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
        }
        Session plain = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertThat(plain.getTransacted()).isFalse();
        assertThat(plain.getAcknowledgeMode()).isEqualTo(Session.CLIENT_ACKNOWLEDGE);
    }

    @Test
    void sendsAreInvisibleUntilCommitAndGoneAfterRollback() throws JMSException {
        Connection c = connection();
        Session tx = c.createSession(Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(name("tx-visible"));
        MessageProducer producer = tx.createProducer(q);

        Connection watcher = connection();
        MessageConsumer watch = watcher.createSession(Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        watcher.start();

        producer.send(tx.createTextMessage("a"));
        producer.send(tx.createTextMessage("b"));
        assertThat(watch.receive(500)).as("nothing is visible before commit").isNull();
        tx.commit();
        assertThat(texts(List.of(watch.receive(5000), watch.receive(5000)))).containsExactly("a", "b");

        producer.send(tx.createTextMessage("dropped"));
        tx.rollback();
        producer.send(tx.createTextMessage("c"));
        tx.commit();
        assertThat(((TextMessage) watch.receive(5000)).getText()).isEqualTo("c");
        assertThat(watch.receive(300)).isNull();
    }

    @Test
    void consumeTransformProduceMovesEachMessageExactlyOnce() throws JMSException {
        Connection c = connection();
        Session plain = c.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue in = plain.createQueue(name("tx-in"));
        Queue out = plain.createQueue(name("tx-out"));
        String[] inputs = new String[12];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = "m" + i;
        }
        send(plain, in, inputs);

        Session tx = c.createSession(Session.SESSION_TRANSACTED);
        MessageConsumer consumer = tx.createConsumer(in);
        MessageProducer producer = tx.createProducer(out);
        c.start();
        // A first pass that is rolled back: nothing of it may show.
        for (int i = 0; i < 4; i++) {
            TextMessage m = (TextMessage) consumer.receive(5000);
            producer.send(tx.createTextMessage(m.getText().toUpperCase()));
        }
        tx.rollback();
        List<String> moved = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            for (int i = 0; i < 4; i++) {
                TextMessage m = (TextMessage) consumer.receive(5000);
                assertThat(m).isNotNull();
                moved.add(m.getText());
                producer.send(tx.createTextMessage(m.getText().toUpperCase()));
            }
            tx.commit();
        }
        assertThat(consumer.receive(300)).isNull();
        c.close();

        assertThat(moved).containsExactly(inputs);
        List<String> expected = new ArrayList<>();
        for (String s : inputs) {
            expected.add(s.toUpperCase());
        }
        assertThat(textsOf(drainQueue(out))).containsExactlyElementsOf(expected);
        assertThat(drainQueue(in)).as("the input queue is consumed").isEmpty();
    }

    @Test
    void rollbackRedeliversFlaggedWithAHigherDeliveryCount() throws JMSException {
        Connection c = connection();
        Session tx = c.createSession(Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(name("tx-redeliver"));
        send(c.createSession(Session.AUTO_ACKNOWLEDGE), q, "x", "y");
        MessageConsumer consumer = tx.createConsumer(q);
        c.start();
        Message first = consumer.receive(5000);
        assertThat(first.getJMSRedelivered()).isFalse();
        assertThat(first.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        tx.rollback();
        Message again = consumer.receive(5000);
        assertThat(((TextMessage) again).getText()).isEqualTo("x");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(((TextMessage) consumer.receive(5000)).getText()).isEqualTo("y");
        tx.rollback();
        List<Message> third = List.of(consumer.receive(5000), consumer.receive(5000));
        assertThat(texts(third)).containsExactly("x", "y");
        assertThat(third.get(0).getIntProperty("JMSXDeliveryCount")).isEqualTo(3);
        assertThat(third.get(1).getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        tx.commit();
        assertThat(drainQueue(q)).isEmpty();
    }

    @Test
    void closingTheSessionOrConnectionRollsBack() throws JMSException {
        Connection c = connection();
        Queue in = new SluiceQueue(name("tx-close-in"));
        Queue out = new SluiceQueue(name("tx-close-out"));
        send(c.createSession(Session.AUTO_ACKNOWLEDGE), in, "1", "2");

        Session tx = c.createSession(Session.SESSION_TRANSACTED);
        MessageConsumer consumer = tx.createConsumer(in);
        c.start();
        assertThat(consumer.receive(5000)).isNotNull();
        tx.createProducer(out).send(tx.createTextMessage("never"));
        tx.close();

        Connection c2 = connection();
        Session tx2 = c2.createSession(Session.SESSION_TRANSACTED);
        MessageConsumer consumer2 = tx2.createConsumer(in);
        c2.start();
        Message redelivered = consumer2.receive(5000);
        assertThat(((TextMessage) redelivered).getText()).isEqualTo("1");
        assertThat(redelivered.getJMSRedelivered()).isTrue();
        tx2.createProducer(out).send(tx2.createTextMessage("never either"));
        c2.close();

        assertThat(drainQueue(out)).isEmpty();
        List<TextMessage> left = drainQueue(in);
        assertThat(textsOf(left)).containsExactly("1", "2");
        assertThat(left.get(0).getIntProperty("JMSXDeliveryCount")).isEqualTo(3);
    }

    @Test
    void misuseIsAnIllegalStateException() throws JMSException {
        Connection c = connection();
        Session plain = c.createSession(Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(plain::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(plain::rollback).isInstanceOf(IllegalStateException.class);
        Session tx = c.createSession(Session.SESSION_TRANSACTED);
        assertThatThrownBy(tx::recover)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transacted");
        tx.close();
        assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(tx::rollback).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void messageAcknowledgeIsIgnoredInATransactedSession() throws JMSException {
        Connection c = connection();
        Session tx = c.createSession(Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(name("tx-ack-ignored"));
        send(c.createSession(Session.AUTO_ACKNOWLEDGE), q, "k");
        MessageConsumer consumer = tx.createConsumer(q);
        c.start();
        consumer.receive(5000).acknowledge();
        tx.rollback();
        Message again = consumer.receive(5000);
        assertThat(again)
                .as("acknowledge() did not take the message out of the transaction")
                .isNotNull();
        assertThat(again.getJMSRedelivered()).isTrue();
        tx.commit();
    }

    @Test
    void asynchronousSendsCompleteWhenTheTransactionEnds() throws Exception {
        Connection c = connection();
        Session tx = c.createSession(Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(name("tx-async"));
        MessageProducer producer = tx.createProducer(q);
        List<String> events = new CopyOnWriteArrayList<>();
        CompletionListener listener = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                events.add("done " + text(message));
            }

            @Override
            public void onException(Message message, Exception exception) {
                events.add(
                        "failed " + text(message) + " " + exception.getClass().getSimpleName());
            }
        };
        producer.send(tx.createTextMessage("one"), listener);
        producer.send(tx.createTextMessage("two"), listener);
        Thread.sleep(200);
        assertThat(events).as("not complete before commit").isEmpty();
        tx.commit();
        assertThat(events).containsExactly("done one", "done two");

        events.clear();
        producer.send(tx.createTextMessage("three"), listener);
        tx.rollback();
        assertThat(events).containsExactly("failed three TransactionRolledBackException");
        assertThat(textsOf(drainQueue(q))).containsExactly("one", "two");
    }

    /** Waits until the connection has noticed that its TCP connection is gone. */
    static void awaitFailed(Connection c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                c.getClientID();
            } catch (JMSException failed) {
                return;
            }
            assertThat(System.nanoTime())
                    .as("the connection noticed the loss in time")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aListenerCommitsOnItsOwnThread() throws Exception {
        Connection c = connection();
        Queue in = new SluiceQueue(name("tx-listener-in"));
        Queue out = new SluiceQueue(name("tx-listener-out"));
        send(c.createSession(Session.AUTO_ACKNOWLEDGE), in, "p", "q", "r");
        Session tx = c.createSession(Session.SESSION_TRANSACTED);
        MessageProducer producer = tx.createProducer(out);
        CountDownLatch done = new CountDownLatch(3);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        tx.createConsumer(in).setMessageListener(m -> {
            try {
                producer.send(tx.createTextMessage(text(m) + "!"));
                tx.commit();
            } catch (JMSException e) {
                errors.add(e);
            }
            done.countDown();
        });
        c.start();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        c.close();
        assertThat(errors).isEmpty();
        assertThat(textsOf(drainQueue(out))).containsExactly("p!", "q!", "r!");
        assertThat(drainQueue(in)).isEmpty();
    }

    @Test
    void theClientRefusesASendBeyondItsTransactionLimits() throws JMSException {
        Connection c = connection("transactionMaxMessages=3&transactionMaxBytes=2048");
        Session tx = c.createSession(Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(name("tx-client-limit"));
        MessageProducer producer = tx.createProducer(q);
        for (int i = 0; i < 3; i++) {
            producer.send(tx.createTextMessage("t" + i));
        }
        assertThatThrownBy(() -> producer.send(tx.createTextMessage("t3")))
                .isInstanceOf(ResourceAllocationException.class)
                .hasMessageContaining("transactionMaxMessages = 3");
        tx.commit();
        assertThatThrownBy(() -> producer.send(tx.createTextMessage("x".repeat(4000))))
                .isInstanceOf(ResourceAllocationException.class)
                .hasMessageContaining("transactionMaxBytes = 2048");
        tx.commit();
        assertThat(textsOf(drainQueue(q))).containsExactly("t0", "t1", "t2");
    }

    @Test
    void aTransactionTooLargeForTheBrokerStaysOpenUntilRolledBack() throws JMSException {
        Connection c = connection();
        Session tx = c.createSession(Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(name("tx-broker-limit"));
        MessageProducer producer = tx.createProducer(q);
        for (int i = 0; i <= BROKER_MAX_MESSAGES; i++) {
            producer.send(tx.createTextMessage("n" + i));
        }
        assertThatThrownBy(tx::commit)
                .isInstanceOf(ResourceAllocationException.class)
                .hasMessageContaining("transaction.max.messages")
                .hasMessageContaining("still open");
        assertThatThrownBy(tx::commit).isInstanceOf(ResourceAllocationException.class);
        tx.rollback();
        producer.send(tx.createTextMessage("small"));
        tx.commit();
        assertThat(textsOf(drainQueue(q))).containsExactly("small");
    }

    @Test
    void losingTheConnectionWithATransactionOpenRollsItBack() throws Exception {
        Queue in = new SluiceQueue(name("tx-lost-in"));
        Queue out = new SluiceQueue(name("tx-lost-out"));
        send(connection().createSession(Session.AUTO_ACKNOWLEDGE), in, "only");
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            Connection c =
                    broker.track(new SluiceConnectionFactory(proxy.url("reconnectMaxAttempts=0")).createConnection());
            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(in);
            MessageProducer producer = tx.createProducer(out);
            c.start();
            producer.send(tx.createTextMessage(text(consumer.receive(5000)) + " moved"));
            proxy.cutAll();
            awaitFailed(c);
            assertThatThrownBy(tx::commit)
                    .isInstanceOf(TransactionRolledBackException.class)
                    .hasMessageContaining("connection");
        }
        assertThat(drainQueue(out)).isEmpty();
        List<TextMessage> back = drainQueue(in);
        assertThat(textsOf(back)).containsExactly("only");
        assertThat(back.get(0).getJMSRedelivered()).isTrue();
    }

    @Test
    void aTransactionOpenAcrossAReconnectRollsBackAndTheNextOneCommits() throws Exception {
        Queue in = new SluiceQueue(name("tx-reconnect-in"));
        Queue out = new SluiceQueue(name("tx-reconnect-out"));
        send(connection().createSession(Session.AUTO_ACKNOWLEDGE), in, "first", "second");
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            Connection c = broker.track(new SluiceConnectionFactory(proxy.url(null)).createConnection());
            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(in);
            MessageProducer producer = tx.createProducer(out);
            c.start();
            producer.send(tx.createTextMessage(text(consumer.receive(5000)) + " moved"));
            proxy.cutAll();
            // The session rides out the loss, but the transaction that was open during it does not.
            assertThatThrownBy(tx::commit).isInstanceOf(TransactionRolledBackException.class);
            List<String> moved = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Message m = consumer.receive(10_000);
                assertThat(m).as("message %d after the reconnect", i).isNotNull();
                producer.send(tx.createTextMessage(text(m) + " moved"));
                moved.add(text(m));
            }
            tx.commit();
            assertThat(moved).containsExactly("first", "second");
        }
        assertThat(textsOf(drainQueue(out))).containsExactly("first moved", "second moved");
        assertThat(drainQueue(in)).isEmpty();
    }
}
