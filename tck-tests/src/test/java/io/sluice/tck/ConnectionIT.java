package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 6.1: connections. */
@DisplayName("6.1 Connections")
class ConnectionIT extends TckTestBase {

    @Test
    @DisplayName("6.1.1 a connection with a wrong password is refused with JMSSecurityException")
    void wrongPasswordIsRefused() {
        ConnectionFactory bad = tck.lookup(TckEnvironment.BAD_PASSWORD_FACTORY, ConnectionFactory.class);
        assertThatThrownBy(() -> closeLater(bad.createConnection()).createSession())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    @DisplayName("6.1.1 createConnection(user, password) overrides the factory's credentials")
    void explicitCredentialsOverrideTheFactory() {
        ConnectionFactory good = tck.factory();
        assertThatThrownBy(() -> closeLater(good.createConnection("tck-nobody", "wrong-password"))
                        .createSession())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    @DisplayName("6.1.2 the client identifier is returned as set and cannot be set twice")
    void clientIdIsSetOnce() throws Exception {
        Connection c = connection();
        String id = tck.uniqueId("client");
        c.setClientID(id);
        assertThat(c.getClientID()).isEqualTo(id);
        assertThatThrownBy(() -> c.setClientID(id + "-again")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("6.1.2 setClientID after the connection was used throws IllegalStateException")
    void clientIdAfterUseIsRefused() throws Exception {
        Connection c = connection();
        c.createSession();
        assertThatThrownBy(() -> c.setClientID(tck.uniqueId("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("6.1.2 two connections may not hold the same client identifier at once")
    void duplicateClientIdIsRefused() throws Exception {
        String id = tck.uniqueId("dup");
        Connection first = connection();
        first.setClientID(id);
        first.start();
        Connection second = connection();
        assertThatThrownBy(() -> second.setClientID(id)).isInstanceOf(InvalidClientIDException.class);
        first.close();
        Connection third = connection();
        third.setClientID(id);
        assertThat(third.getClientID()).as("released by close").isEqualTo(id);
    }

    @Test
    @DisplayName("6.1.3 a new connection is stopped: messages are not delivered until start()")
    void newConnectionIsStopped() throws Exception {
        Queue q = queue("stopped");
        sendTexts(q, "one");
        Connection c = connection();
        MessageConsumer consumer = c.createSession().createConsumer(q);
        assertThat(consumer.receive(ABSENT_MS)).isNull();
        c.start();
        assertThat(text(consumer.receive(RECEIVE_MS))).isEqualTo("one");
    }

    @Test
    @DisplayName("6.1.5 stop() pauses delivery to synchronous consumers and start() resumes it")
    void stopPausesSynchronousDelivery() throws Exception {
        Queue q = queue("pause");
        Connection c = startedConnection();
        MessageConsumer consumer = c.createSession().createConsumer(q);
        c.stop();
        sendTexts(q, "while-stopped");
        assertThat(consumer.receiveNoWait()).isNull();
        assertThat(consumer.receive(ABSENT_MS)).isNull();
        c.start();
        assertThat(text(consumer.receive(RECEIVE_MS))).isEqualTo("while-stopped");
    }

    @Test
    @DisplayName("6.1.5 a stopped connection can still send")
    void stoppedConnectionSends() throws Exception {
        Queue q = queue("stopped-sends");
        Connection c = connection();
        Session s = c.createSession();
        s.createProducer(q).send(s.createTextMessage("sent while stopped"));
        MessageConsumer consumer = startedConnection().createSession().createConsumer(q);
        assertThat(text(consumer.receive(RECEIVE_MS))).isEqualTo("sent while stopped");
    }

    @Test
    @DisplayName("6.1.5 stop() returns only after running listeners have returned; none runs until start()")
    void stopWaitsForListenersAndPausesThem() throws Exception {
        Queue q = queue("pause-listener");
        Connection c = startedConnection();
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> received = Collections.synchronizedList(new java.util.ArrayList<>());
        c.createSession().createConsumer(q).setMessageListener(m -> {
            try {
                received.add(text(m));
                if (received.size() == 1) {
                    inListener.countDown();
                    release.await(RECEIVE_MS, TimeUnit.MILLISECONDS);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        sendTexts(q, "first");
        assertThat(inListener.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
            try {
                c.stop();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(ABSENT_MS);
        assertThat(stop).as("stop waits for the running listener").isNotDone();
        release.countDown();
        stop.get(RECEIVE_MS, TimeUnit.MILLISECONDS);
        sendTexts(q, "second");
        Thread.sleep(ABSENT_MS);
        assertThat(received).containsExactly("first");
        c.start();
        long deadline = System.currentTimeMillis() + RECEIVE_MS;
        while (received.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(received).containsExactly("first", "second");
    }

    @Test
    @DisplayName("6.1.5 stopping a connection from its own MessageListener throws IllegalStateException")
    void stopFromOwnListenerIsRefused() throws Exception {
        Queue q = queue("stop-in-listener");
        Connection c = startedConnection();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        c.createSession().createConsumer(q).setMessageListener(m -> {
            try {
                c.stop();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        sendTexts(q, "x");
        assertThat(outcome.get(RECEIVE_MS, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("6.1.2 a client identifier configured in the factory cannot be replaced by setClientID")
    void administeredClientId() throws Exception {
        Connection c = closeLater(tck.lookup(TckEnvironment.CLIENT_ID_FACTORY, ConnectionFactory.class)
                .createConnection());
        assertThat(c.getClientID()).isEqualTo(tck.administeredClientId());
        assertThatThrownBy(() -> c.setClientID(tck.uniqueId("other"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("6.2 createSession with an unknown session mode is refused with JMSException")
    void unknownSessionMode() throws Exception {
        Connection c = connection();
        assertThatThrownBy(() -> c.createSession(99)).isInstanceOf(jakarta.jms.JMSException.class);
    }

    @Test
    @DisplayName("2.14 a connection may be used by several threads at once")
    void concurrentUseOfConnection() throws Exception {
        Connection c = startedConnection();
        Queue q = queue("threads");
        int threads = 6;
        List<CompletableFuture<String>> results = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String body = "from-" + i;
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    Session s = c.createSession();
                    s.createProducer(q).send(s.createTextMessage(body));
                    return body;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (CompletableFuture<String> r : results) {
            r.get(RECEIVE_MS, TimeUnit.MILLISECONDS);
        }
        assertThat(texts(receive(c.createSession().createConsumer(q), threads)))
                .containsExactlyInAnyOrder(numbered("from", threads));
    }

    @Test
    @DisplayName("6.1.6 ConnectionMetaData reports Jakarta Messaging 3.1 and the JMSX properties")
    void metaData() throws Exception {
        ConnectionMetaData md = connection().getMetaData();
        assertThat(md.getJMSVersion()).isEqualTo("3.1");
        assertThat(md.getJMSMajorVersion()).isEqualTo(3);
        assertThat(md.getJMSMinorVersion()).isEqualTo(1);
        assertThat(md.getJMSProviderName()).isNotBlank();
        assertThat(md.getProviderVersion()).isNotBlank();
        assertThat(Collections.list(md.getJMSXPropertyNames()))
                .as("JMSXDeliveryCount is mandatory since JMS 2.0; JMSXGroupID and JMSXGroupSeq always")
                .contains("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq");
    }

    @Test
    @DisplayName("6.1.7 the ExceptionListener set is the one returned")
    void exceptionListenerIsKept() throws Exception {
        Connection c = connection();
        assertThat(c.getExceptionListener()).isNull();
        ExceptionListener listener = e -> {};
        c.setExceptionListener(listener);
        assertThat(c.getExceptionListener()).isSameAs(listener);
    }

    @Test
    @DisplayName("6.1.7 the ExceptionListener hears of a lost connection, and the connection then refuses work")
    void exceptionListenerHearsOfLostConnection() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                tck.isInProcess(), "needs the in-process broker, which the suite can restart");
        // A provider that reconnects by itself tells the listener only when it gives up; this
        // factory does not reconnect.
        Connection c = closeLater(tck.lookup(TckEnvironment.NO_RECONNECT_FACTORY, jakarta.jms.ConnectionFactory.class)
                .createConnection());
        c.start();
        CompletableFuture<jakarta.jms.JMSException> heard = new CompletableFuture<>();
        c.setExceptionListener(heard::complete);
        Session s = c.createSession();
        tck.restartBroker();
        assertThat(heard.get(RECEIVE_MS, TimeUnit.MILLISECONDS)).isInstanceOf(jakarta.jms.JMSException.class);
        assertThatThrownBy(() -> s.createProducer(queue("lost")).send(s.createTextMessage("x")))
                .isInstanceOf(jakarta.jms.JMSException.class);
    }

    @Test
    @DisplayName("2.13 a send the broker's access control refuses throws JMSSecurityException")
    void unauthorizedSend() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                tck.isInProcess(), "needs the in-process broker, whose grants the suite knows");
        Session s = connection().createSession();
        jakarta.jms.Queue forbidden = s.createQueue("forbidden." + tck.uniqueId("q"));
        assertThatThrownBy(() -> s.createProducer(forbidden).send(s.createTextMessage("x")))
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> s.createConsumer(forbidden)).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    @DisplayName("6.1.8 close() is idempotent and every other method then throws IllegalStateException")
    void closedConnectionRefusesWork() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        c.close();
        c.close();
        assertThatThrownBy(c::createSession).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::getClientID).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.createProducer(queue("closed"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("6.1.8 close() makes a receive blocked in another thread return null")
    void closeReleasesBlockedReceive() throws Exception {
        Connection c = startedConnection();
        MessageConsumer consumer = c.createSession().createConsumer(queue("blocked"));
        AtomicReference<Object> result = new AtomicReference<>("not returned");
        Thread receiver = new Thread(() -> {
            try {
                result.set(consumer.receive());
            } catch (Exception e) {
                result.set(e);
            }
        });
        receiver.start();
        Thread.sleep(ABSENT_MS);
        c.close();
        receiver.join(RECEIVE_MS);
        assertThat(receiver.isAlive()).isFalse();
        assertThat(result.get()).isNull();
    }

    @Test
    @DisplayName("6.1.8 closing a connection from its own MessageListener throws IllegalStateException")
    void closeFromOwnListenerIsRefused() throws Exception {
        Queue q = queue("close-in-listener");
        Connection c = startedConnection();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        c.createSession().createConsumer(q).setMessageListener(m -> {
            try {
                c.close();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        sendTexts(q, "x");
        assertThat(outcome.get(RECEIVE_MS, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("6.1.8 closing a connection with unacknowledged CLIENT_ACKNOWLEDGE messages redelivers them")
    void closeReleasesUnacknowledgedMessages() throws Exception {
        Queue q = queue("close-unacked");
        sendTexts(q, "kept");
        Connection c = startedConnection();
        Message m =
                c.createSession(Session.CLIENT_ACKNOWLEDGE).createConsumer(q).receive(RECEIVE_MS);
        assertThat(text(m)).isEqualTo("kept");
        c.close();
        Message again = startedConnection().createSession().createConsumer(q).receive(RECEIVE_MS);
        assertThat(text(again)).isEqualTo("kept");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
    }
}
