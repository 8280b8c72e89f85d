package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.broker.BrokerConfig;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a JMS connection re-establishes after losing its TCP connection (cut by a {@link TcpProxy}):
 * acknowledgements that may not have reached the broker never bring a message back to the
 * application, buffered messages come back redelivered, client id and durable subscriptions are
 * restored, and the ExceptionListener hears only what it asked for.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReconnectIT extends JmsTestBase {
    private static final String RECONNECTING = "reconnectBackoffMs=50&reconnectBackoffMaxMs=200&prefetch=10";

    @Override
    BrokerConfig.Builder configure(BrokerConfig.Builder b) {
        return b.idleTimeoutMs(3_000);
    }

    private static String text(Message m) throws JMSException {
        return ((TextMessage) m).getText();
    }

    private static String[] numbered(int count) {
        String[] texts = new String[count];
        for (int i = 0; i < count; i++) {
            texts[i] = Integer.toString(i);
        }
        return texts;
    }

    /**
     * The proxy stops forwarding, so acknowledgements made now cannot reach the broker; then the
     * connection is reset.
     */
    private static void holdThenCut(TcpProxy proxy, Runnable whileHeld) throws InterruptedException {
        proxy.blackHole(true);
        whileHeld.run();
        Thread.sleep(200);
        proxy.cutAll();
        proxy.blackHole(false);
    }

    @Test
    void autoAcknowledgementsLostWithTheConnectionDoNotRedeliverAndBufferedMessagesComeBackRedelivered()
            throws Exception {
        Queue q = new io.sluice.jms.destination.SluiceQueue(name("auto-lost-acks"));
        send(connection().createSession(), q, numbered(20));
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            Connection c = broker.track(new SluiceConnectionFactory(proxy.url(RECONNECTING)).createConnection());
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            List<Message> got = new ArrayList<>();
            got.add(consumer.receive(5000));
            Thread.sleep(300); // the whole prefetch arrives
            long epoch = ((SluiceConnection) c).channel().client().connectionEpoch();
            holdThenCut(proxy, () -> {
                try {
                    for (int i = 0; i < 4; i++) {
                        got.add(consumer.receive(5000));
                    }
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (((SluiceConnection) c).channel().client().connectionEpoch() == epoch
                    && System.nanoTime() < deadline) {
                Thread.sleep(5); // the loss is noticed before the application receives again
            }
            Message m;
            while ((m = consumer.receive(2000)) != null) {
                got.add(m);
            }
            List<String> texts = new ArrayList<>();
            for (Message each : got) {
                texts.add(text(each));
            }
            assertThat(texts).as("each message once").containsExactlyInAnyOrder(numbered(20));
            assertThat(got.get(texts.indexOf("5")).getJMSRedelivered())
                    .as("a buffered message discarded at the loss comes back redelivered")
                    .isTrue();
            assertThat(got.get(3).getJMSRedelivered()).isFalse();
        }
        Connection again = connection();
        MessageConsumer after = again.createSession().createConsumer(q);
        again.start();
        assertThat(after.receive(500)).as("every acknowledgement took effect").isNull();
    }

    @Test
    void clientAcknowledgeMadeWhileTheConnectionDiesHoldsAcrossTheReconnect() throws Exception {
        Queue q = new io.sluice.jms.destination.SluiceQueue(name("client-lost-acks"));
        send(connection().createSession(), q, numbered(10));
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            Connection c = broker.track(new SluiceConnectionFactory(proxy.url(RECONNECTING)).createConnection());
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            Message last = null;
            for (int i = 0; i < 4; i++) {
                last = consumer.receive(5000);
            }
            Message acknowledged = last;
            proxy.blackHole(true);
            CompletableFuture<Object> ack = CompletableFuture.supplyAsync(() -> {
                try {
                    acknowledged.acknowledge();
                    return "acknowledged";
                } catch (JMSException e) {
                    return e;
                }
            });
            Thread.sleep(200);
            proxy.cutAll();
            proxy.blackHole(false);
            assertThat(ack.get(30, TimeUnit.SECONDS))
                    .as("acknowledge() waits for the reconnect instead of failing")
                    .isEqualTo("acknowledged");
            List<String> rest = new ArrayList<>();
            Message m;
            while ((m = consumer.receive(2000)) != null) {
                rest.add(text(m));
                assertThat(m.getJMSRedelivered()).isTrue();
                m.acknowledge();
            }
            assertThat(rest)
                    .as("only the messages not acknowledged come back")
                    .containsExactlyInAnyOrder("4", "5", "6", "7", "8", "9");
        }
    }

    @Test
    void aDurableSubscriptionAndTheClientIdAreRestored() throws Exception {
        Topic topic = new io.sluice.jms.destination.SluiceTopic(name("durable-reconnect"));
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            Connection c = broker.track(new SluiceConnectionFactory(proxy.url(RECONNECTING)).createConnection());
            String clientId = name("reconnecting-client");
            c.setClientID(clientId);
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer subscriber = s.createDurableConsumer(topic, "audit");
            List<String> heard = new CopyOnWriteArrayList<>();
            subscriber.setMessageListener(m -> {
                try {
                    heard.add(text(m));
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            c.start();
            Session publisher = connection().createSession();
            send(publisher, topic, "before");
            awaitSize(heard, 1);
            proxy.cutAll();
            send(publisher, topic, "while-down-or-after");
            awaitSize(heard, 2);
            assertThat(heard).containsExactly("before", "while-down-or-after");
            Connection other = connection();
            assertThatThrownBy(() -> other.setClientID(clientId))
                    .as("the client id is held again by the reconnected connection")
                    .isInstanceOf(jakarta.jms.InvalidClientIDException.class);
        }
    }

    private static void awaitSize(List<String> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(list).hasSizeGreaterThanOrEqualTo(size);
    }

    @Test
    void theExceptionListenerHearsOfEachLossOnlyWhenAskedAndHearsWhenReconnectionGivesUp() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            Connection quiet =
                    broker.track(new SluiceConnectionFactory(proxy.url(RECONNECTING + "&reconnectTimeoutMs=1500"))
                            .createConnection());
            Connection told =
                    broker.track(new SluiceConnectionFactory(proxy.url(RECONNECTING + "&exceptionListenerOnLoss=true"))
                            .createConnection());
            List<JMSException> quietHeard = new CopyOnWriteArrayList<>();
            CompletableFuture<JMSException> toldHeard = new CompletableFuture<>();
            quiet.setExceptionListener(quietHeard::add);
            told.setExceptionListener(toldHeard::complete);
            Session qs = quiet.createSession();
            MessageConsumer blocked = qs.createConsumer(qs.createQueue(name("never")));
            quiet.start();
            CompletableFuture<Object> receive = CompletableFuture.supplyAsync(() -> {
                try {
                    return blocked.receive();
                } catch (JMSException e) {
                    return e;
                }
            });

            proxy.cutAll();
            assertThat(toldHeard.get(10, TimeUnit.SECONDS).getErrorCode()).isEqualTo("CONNECTION_LOST");
            Thread.sleep(500);
            assertThat(quietHeard)
                    .as("a loss that is ridden out is not reported")
                    .isEmpty();
            assertThat(receive)
                    .as("a blocked receive waits through the reconnect")
                    .isNotDone();

            proxy.refuse(true);
            proxy.cutAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (quietHeard.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(quietHeard).hasSize(1);
            assertThat(quietHeard.get(0).getErrorCode()).isEqualTo("CONNECTION_LOST");
            assertThat(quietHeard.get(0).getMessage()).contains("could not be re-established");
            assertThat(receive.get(10, TimeUnit.SECONDS))
                    .as("once reconnection gives up, the blocked receive throws")
                    .isInstanceOf(JMSException.class);
            assertThatThrownBy(quiet::createSession).isInstanceOf(jakarta.jms.IllegalStateException.class);
            quiet.close();
        }
    }

    @Test
    void aTemporaryQueueIsCreatedAgainUnderItsNameAndItsConsumerContinues() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            SluiceConnection c = (SluiceConnection)
                    broker.track(new SluiceConnectionFactory(proxy.url(RECONNECTING)).createConnection());
            Session s = c.createSession();
            jakarta.jms.TemporaryQueue replies = s.createTemporaryQueue();
            MessageConsumer consumer = s.createConsumer(replies);
            c.start();
            Session other = connection().createSession();
            send(other, replies, "before");
            assertThat(text(consumer.receive(5000))).isEqualTo("before");

            proxy.cutAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (c.recovery().lastOutageMs() < 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(c.recovery().lastOutageMs()).as("reconnected").isGreaterThanOrEqualTo(0);
            send(other, replies, "after");
            assertThat(text(consumer.receive(5000))).isEqualTo("after");
        }
    }
}
