package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 6.2: sessions. */
@DisplayName("6.2 Sessions")
class SessionIT extends TckTestBase {

    @Test
    @DisplayName("6.2 createSession() is non-transacted with AUTO_ACKNOWLEDGE")
    void defaultSession() throws Exception {
        Session s = connection().createSession();
        assertThat(s.getTransacted()).isFalse();
        assertThat(s.getAcknowledgeMode()).isEqualTo(Session.AUTO_ACKNOWLEDGE);
    }

    @Test
    @DisplayName("6.2 createSession(mode) and createSession(false, mode) keep the acknowledgement mode")
    void sessionModes() throws Exception {
        Connection c = connection();
        assertThat(c.createSession(Session.CLIENT_ACKNOWLEDGE).getAcknowledgeMode())
                .isEqualTo(Session.CLIENT_ACKNOWLEDGE);
        assertThat(c.createSession(Session.DUPS_OK_ACKNOWLEDGE).getAcknowledgeMode())
                .isEqualTo(Session.DUPS_OK_ACKNOWLEDGE);
        assertThat(c.createSession(false, Session.CLIENT_ACKNOWLEDGE).getAcknowledgeMode())
                .isEqualTo(Session.CLIENT_ACKNOWLEDGE);
    }

    @Test
    @DisplayName("6.2.1 producers and consumers know their destination")
    void producerAndConsumerCreation() throws Exception {
        Session s = connection().createSession();
        Queue q = queue("create");
        MessageProducer p = s.createProducer(q);
        assertThat(p.getDestination()).isEqualTo(q);
        assertThat(s.createProducer(null).getDestination()).isNull();
        MessageConsumer consumer = s.createConsumer(q, "color = 'red'");
        assertThat(consumer.getMessageSelector()).isEqualTo("color = 'red'");
    }

    @Test
    @DisplayName("6.2.3 createQueue and createTopic return destinations with the given names")
    void createDestinationObjects() throws Exception {
        Session s = connection().createSession();
        String qName = tck.uniqueName("named-q");
        String tName = tck.uniqueName("named-t");
        Queue q = s.createQueue(qName);
        Topic t = s.createTopic(tName);
        assertThat(q.getQueueName()).isEqualTo(qName);
        assertThat(t.getTopicName()).isEqualTo(tName);
        assertThat(q).isEqualTo(s.createQueue(qName));
        sendTexts(q, "to a session-made queue");
        Connection c = startedConnection();
        assertThat(text(c.createSession()
                        .createConsumer(c.createSession().createQueue(qName))
                        .receive(RECEIVE_MS)))
                .isEqualTo("to a session-made queue");
    }

    @Test
    @DisplayName("6.2.7 commit() and rollback() on a non-transacted session throw IllegalStateException")
    void commitOutsideTransactionIsRefused() throws Exception {
        Session s = connection().createSession();
        assertThatThrownBy(s::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::rollback).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("6.2.13 a session runs its consumers' listeners one at a time")
    void listenersOfOneSessionRunSerially() throws Exception {
        Queue a = queue("serial-a");
        Queue b = queue("serial-b");
        Connection c = connection();
        Session s = c.createSession();
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(20);
        jakarta.jms.MessageListener listener = m -> {
            if (running.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            done.countDown();
        };
        s.createConsumer(a).setMessageListener(listener);
        s.createConsumer(b).setMessageListener(listener);
        sendTexts(a, numbered("a", 10));
        sendTexts(b, numbered("b", 10));
        c.start();
        assertThat(done.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(overlapped).as("two listeners of one session overlapped").isFalse();
    }

    @Test
    @DisplayName("6.2.15 close() is idempotent; a closed session and its objects throw IllegalStateException")
    void closedSessionRefusesWork() throws Exception {
        Session s = connection().createSession();
        Queue q = queue("closed-session");
        MessageProducer p = s.createProducer(q);
        MessageConsumer consumer = s.createConsumer(q);
        s.close();
        s.close();
        assertThatThrownBy(s::createTextMessage).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.createConsumer(q)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::getAcknowledgeMode).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.send(s.createTextMessage())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(consumer::receiveNoWait).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("6.2.15 closing a session makes a receive blocked in another thread return null")
    void closeReleasesBlockedReceive() throws Exception {
        Session s = startedConnection().createSession();
        MessageConsumer consumer = s.createConsumer(queue("session-blocked"));
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
        s.close();
        receiver.join(RECEIVE_MS);
        assertThat(receiver.isAlive()).isFalse();
        assertThat(result.get()).isNull();
    }

    @Test
    @DisplayName("6.2.15 a MessageListener closing its own session gets IllegalStateException")
    void listenerMayNotCloseItsSession() throws Exception {
        Queue q = queue("listener-closes");
        Connection c = startedConnection();
        Session s = c.createSession();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch tried = new CountDownLatch(1);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                s.close();
            } catch (Throwable t) {
                failure.set(t);
            }
            tried.countDown();
        });
        sendTexts(q, "close me");
        assertThat(tried.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        // It would wait for the listener that calls it; the official TCK expects the exception.
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class);
        assertThat(s.createMessage()).as("the session stays open").isNotNull();
    }
}
