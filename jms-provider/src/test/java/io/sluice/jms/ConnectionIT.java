package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connections: metadata, client id, start/stop, close, connection loss, refused uses. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionIT extends JmsTestBase {

    @Test
    void metaDataReportsJms31TheProviderAndTheJmsxProperties() throws JMSException {
        ConnectionMetaData meta = connection().getMetaData();
        assertThat(meta.getJMSVersion()).isEqualTo("3.1");
        assertThat(meta.getJMSMajorVersion()).isEqualTo(3);
        assertThat(meta.getJMSMinorVersion()).isEqualTo(1);
        assertThat(meta.getJMSProviderName()).isEqualTo("Sluice");
        assertThat(meta.getProviderVersion()).isNotEmpty();
        assertThat(Collections.list(meta.getJMSXPropertyNames()))
                .containsExactlyInAnyOrder("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq");
    }

    @Test
    void clientIdIsSetOnceBeforeUseAndUniqueAmongLiveConnections() throws JMSException {
        String id = name("client");
        Connection first = connection();
        assertThat(first.getClientID()).isNull();
        first.setClientID(id);
        assertThat(first.getClientID()).isEqualTo(id);
        assertThatThrownBy(() -> first.setClientID(id + "-again")).isInstanceOf(IllegalStateException.class);

        Connection second = connection();
        assertThatThrownBy(() -> second.setClientID(id)).isInstanceOf(InvalidClientIDException.class);
        second.setClientID(id + "-other");

        Connection used = connection();
        used.createSession();
        assertThatThrownBy(() -> used.setClientID(name("late"))).isInstanceOf(IllegalStateException.class);
        Connection started = connection();
        started.start();
        assertThatThrownBy(() -> started.setClientID(name("late"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> connection().setClientID("")).isInstanceOf(InvalidClientIDException.class);

        first.close();
        connection().setClientID(id);
    }

    @Test
    void administeredClientIdComesFromTheUrlAndCannotBeChanged() throws JMSException {
        String id = name("admin");
        Connection c = connection("clientId=" + id);
        assertThat(c.getClientID()).isEqualTo(id);
        assertThatThrownBy(() -> c.setClientID("other")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> connection("clientId=" + id)).isInstanceOf(InvalidClientIDException.class);
    }

    @Test
    void aStoppedConnectionDeliversNothingUntilStarted() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("stopped"));
        send(s, q, "one", "two");
        MessageConsumer sync = s.createConsumer(q);
        assertThat(sync.receive(300)).isNull();
        assertThat(sync.receiveNoWait()).isNull();
        c.start();
        assertThat(((TextMessage) sync.receive(5000)).getText()).isEqualTo("one");
        c.stop();
        assertThat(sync.receive(300)).isNull();
        c.start();
        assertThat(((TextMessage) sync.receive(5000)).getText()).isEqualTo("two");

        Session ls = c.createSession();
        Queue lq = ls.createQueue(name("stopped-listener"));
        c.stop();
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        ls.createConsumer(lq).setMessageListener(m -> got.add(text(m)));
        send(ls, lq, "a");
        Thread.sleep(300);
        assertThat(got).isEmpty();
        c.start();
        awaitSize(got, 1);
    }

    @Test
    void stopWaitsForARunningListenerAndIsRefusedFromOne() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("stop-wait"));
        CountDownLatch inListener = new CountDownLatch(1);
        AtomicReference<Throwable> fromListener = new AtomicReference<>();
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        s.createConsumer(q).setMessageListener(m -> {
            inListener.countDown();
            try {
                c.stop();
            } catch (JMSException e) {
                fromListener.set(e);
            }
            try {
                c.close();
            } catch (JMSException e) {
                fromListener.compareAndSet(null, e);
                done.add("close refused: " + e.getClass().getSimpleName());
            }
            sleep(500);
            done.add(text(m));
        });
        c.start();
        send(c.createSession(), q, "slow");
        assertThat(inListener.await(5, TimeUnit.SECONDS)).isTrue();
        c.stop();
        assertThat(done).containsExactly("close refused: IllegalStateException", "slow");
        assertThat(fromListener.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeWaitsForListenersReleasesReceiversAndIsIdempotent() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("close"));
        MessageConsumer blocked = s.createConsumer(q);
        c.start();
        CompletableFuture<Message> receive = CompletableFuture.supplyAsync(() -> {
            try {
                return blocked.receive();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        Session ls = c.createSession();
        Queue lq = ls.createQueue(name("close-listener"));
        CountDownLatch inListener = new CountDownLatch(1);
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        ls.createConsumer(lq).setMessageListener(m -> {
            inListener.countDown();
            sleep(500);
            done.add(text(m));
        });
        MessageProducer producer = s.createProducer(lq);
        producer.send(s.createTextMessage("in progress"));
        assertThat(inListener.await(5, TimeUnit.SECONDS)).isTrue();
        c.close();
        assertThat(done).containsExactly("in progress");
        assertThat(receive.get(5, TimeUnit.SECONDS)).isNull();
        c.close();

        assertThatThrownBy(c::createSession).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::getClientID).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::createMessage).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> producer.send(s.createMessage())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(blocked::receiveNoWait).isInstanceOf(IllegalStateException.class);
        s.close();
        producer.close();
        blocked.close();
    }

    @Test
    void losingTheTcpConnectionReachesTheExceptionListenerAndFailsTheConnection() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            Connection c =
                    broker.track(new SluiceConnectionFactory(proxy.url("reconnectMaxAttempts=0")).createConnection());
            CompletableFuture<JMSException> heard = new CompletableFuture<>();
            c.setExceptionListener(heard::complete);
            Session s = c.createSession();
            MessageConsumer consumer = s.createConsumer(s.createQueue(name("lost")));
            c.start();
            CompletableFuture<Object> receive = CompletableFuture.supplyAsync(() -> {
                try {
                    return consumer.receive();
                } catch (JMSException e) {
                    return e;
                }
            });
            Thread.sleep(200);
            proxy.cutAll();
            JMSException e = heard.get(10, TimeUnit.SECONDS);
            assertThat(e.getErrorCode()).isEqualTo("CONNECTION_LOST");
            assertThat(e.getMessage()).contains("lost");
            assertThat(receive.get(10, TimeUnit.SECONDS)).isInstanceOf(JMSException.class);
            assertThatThrownBy(c::createSession)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failed");
            c.close();
        }
    }

    @Test
    void sessionModesAreHonouredAndBadModesNamed() throws JMSException {
        Connection c = connection();
        assertThat(c.createSession(true, Session.SESSION_TRANSACTED).getTransacted())
                .isTrue();
        assertThat(c.createSession(Session.SESSION_TRANSACTED).getAcknowledgeMode())
                .isEqualTo(Session.SESSION_TRANSACTED);
        assertThatThrownBy(() -> c.createSession(false, 99)).hasMessageContaining("acknowledge mode 99");
        assertThatThrownBy(
                        () -> c.createConnectionConsumer(new io.sluice.jms.destination.SluiceQueue("q"), null, null, 1))
                .isInstanceOf(JMSException.class)
                .hasMessageContaining("not supported");
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertThat(s.getAcknowledgeMode()).isEqualTo(Session.CLIENT_ACKNOWLEDGE);
        assertThat(s.getTransacted()).isFalse();
        assertThat(c.createSession(Session.DUPS_OK_ACKNOWLEDGE).getAcknowledgeMode())
                .isEqualTo(Session.DUPS_OK_ACKNOWLEDGE);
    }

    @Test
    void anUnreachableBrokerAndBadUrlsAreReportedClearly() {
        assertThatThrownBy(() ->
                        new SluiceConnectionFactory("sluice://127.0.0.1:1?connectTimeoutMs=2000").createConnection())
                .isInstanceOf(JMSException.class)
                .hasMessageContaining("127.0.0.1:1");
        assertThatThrownBy(() -> new SluiceConnectionFactory("tcp://localhost:7676"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sluice://");
        assertThatThrownBy(() -> new SluiceConnectionFactory("sluice://localhost?prefetch=-1"))
                .hasMessageContaining("prefetch");
        assertThatThrownBy(() -> new SluiceConnectionFactory("sluice://localhost?colour=blue"))
                .hasMessageContaining("unknown connection factory key 'colour'");
    }

    static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new RuntimeException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(list).hasSize(size);
    }
}
