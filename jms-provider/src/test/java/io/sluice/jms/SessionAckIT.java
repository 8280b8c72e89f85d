package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Acknowledge modes, recover, and what consumer and session close release. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionAckIT extends JmsTestBase {

    private List<TextMessage> receiveAll(Session s, Queue q, Connection c) throws JMSException {
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        List<TextMessage> out = new ArrayList<>();
        for (Message m : drain(consumer, 500)) {
            out.add((TextMessage) m);
        }
        consumer.close();
        return out;
    }

    @Test
    void autoAcknowledgeConsumesWhatReceiveReturned() throws JMSException {
        Connection c = connection();
        Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name("auto"));
        send(s, q, "1", "2", "3");
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        assertThat(texts(List.of(consumer.receive(5000), consumer.receive(5000))))
                .containsExactly("1", "2");
        c.close();

        Connection again = connection();
        List<TextMessage> rest = receiveAll(again.createSession(), q, again);
        assertThat(texts(new ArrayList<>(rest))).containsExactly("3");
        assertThat(rest.get(0).getJMSRedelivered()).isFalse();
    }

    @Test
    void autoAcknowledgementsGoOutSoonWhenTheApplicationPausesBetweenReceives() throws Exception {
        Queue q = new io.sluice.jms.destination.SluiceQueue(name("auto-linger"));
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            Connection c =
                    broker.track(new SluiceConnectionFactory(proxy.url("reconnectMaxAttempts=0")).createConnection());
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            String[] texts = new String[100];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = Integer.toString(i);
            }
            send(s, q, texts);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertThat(((TextMessage) consumer.receive(5000)).getText()).isEqualTo("0");
            Thread.sleep(4 * SessionAcks.LINGER_MS);
            proxy.cutAll();
        }
        Connection again = connection();
        List<TextMessage> rest = receiveAll(again.createSession(), q, again);
        assertThat(rest).hasSize(99);
        assertThat(rest.get(0).getText()).isEqualTo("1");
    }

    @Test
    void clientAcknowledgeAcknowledgesEverythingConsumedSoFar() throws JMSException {
        Connection c = connection();
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name("client"));
        send(s, q, "1", "2", "3", "4");
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        consumer.receive(5000);
        Message second = consumer.receive(5000);
        second.acknowledge();
        Message third = consumer.receive(5000);
        s.close();
        assertThatThrownBy(third::acknowledge).isInstanceOf(IllegalStateException.class);

        Connection again = connection();
        List<TextMessage> redelivered = receiveAll(again.createSession(), q, again);
        assertThat(texts(new ArrayList<>(redelivered))).containsExactly("3", "4");
        assertThat(redelivered.get(0).getJMSRedelivered()).isTrue();
        assertThat(redelivered.get(0).getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(redelivered.get(1).getJMSRedelivered()).isFalse();
        assertThat(redelivered.get(1).getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
    }

    @Test
    void aSessionAcknowledgesMessagesOfAConsumerItAlreadyClosed() throws JMSException {
        Connection c = connection();
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name("closed-consumer"));
        send(s, q, "1", "2");
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        Message first = consumer.receive(5000);
        consumer.close();
        first.acknowledge();
        s.close();

        Connection again = connection();
        List<TextMessage> rest = receiveAll(again.createSession(), q, again);
        assertThat(texts(new ArrayList<>(rest))).containsExactly("2");
        assertThat(rest.get(0).getJMSRedelivered())
                .as("a prefetched message is taken back uncounted")
                .isFalse();
    }

    @Test
    void recoverRedeliversUnacknowledgedMessagesInOrderBeforeLaterOnes() throws JMSException {
        Connection c = connection();
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name("recover"));
        send(s, q, "1", "2", "3", "4", "5");
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        consumer.receive(5000).acknowledge();
        assertThat(texts(List.of(consumer.receive(5000), consumer.receive(5000))))
                .containsExactly("2", "3");
        s.recover();
        List<Message> after = drain(consumer, 500);
        assertThat(texts(after)).containsExactly("2", "3", "4", "5");
        assertThat(after.get(0).getJMSRedelivered()).isTrue();
        assertThat(after.get(1).getJMSRedelivered()).isTrue();
        assertThat(after.get(1).getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(after.get(2).getJMSRedelivered()).isFalse();
        after.get(3).acknowledge();
        s.recover();
        assertThat(consumer.receive(300)).isNull();
    }

    @Test
    void recoverInAListenerRedeliversTheCurrentMessageInAutoMode() throws Exception {
        Connection c = connection();
        Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name("recover-listener"));
        send(s, q, "a", "b");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(3);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                String t = ((TextMessage) m).getText();
                seen.add(t + (m.getJMSRedelivered() ? "*" : ""));
                if (t.equals("a") && !m.getJMSRedelivered()) {
                    s.recover();
                }
            } catch (JMSException e) {
                seen.add(e.toString());
            }
            done.countDown();
        });
        c.start();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("a", "a*", "b");
    }

    @Test
    void aListenerThatThrowsGetsTheMessageAgainAtOnceInAutoMode() throws Exception {
        Connection c = connection();
        Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name("listener-throws"));
        send(s, q, "x", "y");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(3);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                seen.add(((TextMessage) m).getText() + m.getIntProperty("JMSXDeliveryCount"));
            } catch (JMSException e) {
                throw new RuntimeException(e);
            } finally {
                done.countDown();
            }
            if (seen.size() == 1) {
                throw new RuntimeException("the listener failed on purpose");
            }
        });
        c.start();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("x1", "x2", "y1");
    }

    @Test
    void dupsOkConsumesEverythingEventually() throws JMSException {
        Connection c = connection();
        Session s = c.createSession(Session.DUPS_OK_ACKNOWLEDGE);
        Queue q = s.createQueue(name("dups"));
        String[] texts = new String[50];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = Integer.toString(i);
        }
        send(s, q, texts);
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        assertThat(drain(consumer, 500)).hasSize(50);
        c.close();
        Connection again = connection();
        assertThat(receiveAll(again.createSession(), q, again)).isEmpty();
    }

    @Test
    void closingAConsumerReleasesItsPrefetchedMessagesUncounted() throws JMSException {
        Connection c = connection();
        Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name("prefetched"));
        send(s, q, "1", "2", "3", "4");
        MessageConsumer greedy = s.createConsumer(q);
        c.start();
        assertThat(((TextMessage) greedy.receive(5000)).getText()).isEqualTo("1");
        greedy.close();
        MessageConsumer next = s.createConsumer(q);
        List<Message> rest = drain(next, 500);
        assertThat(texts(rest)).containsExactly("2", "3", "4");
        for (Message m : rest) {
            assertThat(m.getJMSRedelivered()).isFalse();
        }
    }

    @Test
    void closingASessionReleasesConsumedUnacknowledgedMessagesAsRedelivered() throws JMSException {
        Connection c = connection();
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name("session-close"));
        send(s, q, "1", "2");
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        consumer.receive(5000);
        s.close();
        s.close();
        Session other = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        List<Message> again = drain(other.createConsumer(q), 500);
        assertThat(texts(again)).containsExactly("1", "2");
        assertThat(again.get(0).getJMSRedelivered()).isTrue();
        assertThat(again.get(1).getJMSRedelivered()).isFalse();
    }

    @Test
    void misuseOfASessionIsRefused() throws JMSException {
        Connection c = connection();
        Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(s::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::rollback).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.setMessageListener(m -> {})).isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> s.createConsumer(null)).isInstanceOf(jakarta.jms.InvalidDestinationException.class);
        assertThatThrownBy(() -> s.createQueue("")).isInstanceOf(jakarta.jms.InvalidDestinationException.class);
        s.close();
        assertThatThrownBy(s::recover).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::getAcknowledgeMode).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::getTransacted).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.createTextMessage("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.createQueue("q")).isInstanceOf(IllegalStateException.class);

        jakarta.jms.QueueSession queueSession = ((jakarta.jms.QueueConnection)
                        broker.track(broker.factory().createQueueConnection()))
                .createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> ((Session) queueSession).createTopic("t")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ((Session) queueSession)
                        .createDurableSubscriber(new io.sluice.jms.destination.SluiceTopic("t"), "d"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ((Session) queueSession).unsubscribe("d")).isInstanceOf(IllegalStateException.class);
        jakarta.jms.TopicConnection tc =
                (jakarta.jms.TopicConnection) broker.track(broker.factory().createTopicConnection());
        jakarta.jms.TopicSession topicSession = tc.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> ((Session) topicSession).createQueue("q")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ((Session) topicSession).createBrowser(new io.sluice.jms.destination.SluiceQueue("q")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(((Session) topicSession)::createTemporaryQueue).isInstanceOf(IllegalStateException.class);
    }
}
