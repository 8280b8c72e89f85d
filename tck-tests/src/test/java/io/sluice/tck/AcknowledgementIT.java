package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapters 3.6 and 6.2.10: message acknowledgement, and 8.7 (listeners that throw). */
@DisplayName("6.2.10 Message acknowledgment")
class AcknowledgementIT extends TckTestBase {

    @Test
    @DisplayName("6.2.10 AUTO_ACKNOWLEDGE: a received message is not delivered again after the session closes")
    void autoAcknowledge() throws Exception {
        Queue q = queue("auto");
        sendTexts(q, "a", "b");
        Connection c = startedConnection();
        Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
        assertThat(text(s.createConsumer(q).receive(RECEIVE_MS))).isEqualTo("a");
        s.close();
        assertThat(remaining(q)).containsExactly("b");
    }

    @Test
    @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE: unacknowledged messages come again, flagged redelivered")
    void clientAcknowledgeWithoutAcknowledge() throws Exception {
        Queue q = queue("client-none");
        sendTexts(q, "a", "b");
        Session s = startedConnection().createSession(Session.CLIENT_ACKNOWLEDGE);
        receive(s.createConsumer(q), 2);
        s.close();
        MessageConsumer again = startedConnection().createSession().createConsumer(q);
        List<Message> redelivered = receive(again, 2);
        assertThat(texts(redelivered)).containsExactly("a", "b");
        assertThat(redelivered).allMatch(m -> {
            try {
                return m.getJMSRedelivered();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE: acknowledge() acknowledges every message the session consumed")
    void acknowledgeCoversTheSession() throws Exception {
        Queue q1 = queue("client-all-1");
        Queue q2 = queue("client-all-2");
        sendTexts(q1, "a", "b", "c");
        sendTexts(q2, "x");
        Session s = startedConnection().createSession(Session.CLIENT_ACKNOWLEDGE);
        List<Message> got = receive(s.createConsumer(q1), 3);
        receive(s.createConsumer(q2), 1);
        got.get(0).acknowledge();
        s.close();
        assertThat(remaining(q1)).isEmpty();
        assertThat(remaining(q2)).isEmpty();
    }

    @Test
    @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE: messages received after acknowledge() stay unacknowledged")
    void acknowledgeDoesNotCoverLaterMessages() throws Exception {
        Queue q = queue("client-later");
        sendTexts(q, "a", "b");
        Session s = startedConnection().createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(q);
        c.receive(RECEIVE_MS).acknowledge();
        assertThat(text(c.receive(RECEIVE_MS))).isEqualTo("b");
        s.close();
        assertThat(remaining(q)).containsExactly("b");
    }

    @Test
    @DisplayName("6.2.10 recover() redelivers the unacknowledged messages in their order, flagged redelivered")
    void recoverRedeliversInOrder() throws Exception {
        Queue q = queue("recover");
        sendTexts(q, "a", "b", "c");
        Session s = startedConnection().createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(q);
        c.receive(RECEIVE_MS).acknowledge();
        receive(c, 2);
        s.recover();
        List<Message> again = receive(c, 2);
        assertThat(texts(again)).containsExactly("b", "c");
        assertThat(again.get(0).getJMSRedelivered()).isTrue();
        assertThat(again.get(1).getJMSRedelivered()).isTrue();
        again.get(1).acknowledge();
        s.close();
        assertThat(remaining(q)).isEmpty();
    }

    @Test
    @DisplayName("6.2.10 recover() in AUTO_ACKNOWLEDGE leaves nothing to redeliver")
    void recoverInAutoMode() throws Exception {
        Queue q = queue("recover-auto");
        sendTexts(q, "a", "b");
        Session s = startedConnection().createSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(q);
        assertThat(text(c.receive(RECEIVE_MS))).isEqualTo("a");
        s.recover();
        Message next = c.receive(RECEIVE_MS);
        assertThat(text(next)).isEqualTo("b");
    }

    @Test
    @DisplayName("4.2.8 recover() on a topic subscriber redelivers its unacknowledged messages")
    void recoverOnTopic() throws Exception {
        Topic t = topic("recover-topic");
        Session s = startedConnection().createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(t);
        sendTexts(t, "a", "b");
        receive(c, 2);
        s.recover();
        List<Message> again = receive(c, 2);
        assertThat(texts(again)).containsExactly("a", "b");
        assertThat(again.get(0).getJMSRedelivered()).isTrue();
        again.get(1).acknowledge();
    }

    @Test
    @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE: acknowledge() also covers messages of a consumer closed meanwhile")
    void acknowledgeAfterConsumerClosed() throws Exception {
        Queue q = queue("client-closed-consumer");
        sendTexts(q, "a");
        Session s = startedConnection().createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(q);
        Message m = c.receive(RECEIVE_MS);
        c.close();
        m.acknowledge();
        s.close();
        assertThat(remaining(q)).isEmpty();
    }

    @Test
    @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE with a listener: messages it did not acknowledge come again")
    void clientAcknowledgeWithListener() throws Exception {
        Queue q = queue("client-listener");
        sendTexts(q, "a", "b");
        Connection c = startedConnection();
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        CountDownLatch both = new CountDownLatch(2);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                if (text(m).equals("a")) {
                    m.acknowledge();
                }
            } catch (jakarta.jms.JMSException e) {
                throw new RuntimeException(e);
            }
            both.countDown();
        });
        assertThat(both.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        s.close();
        assertThat(remaining(q)).containsExactly("b");
    }

    @Test
    @DisplayName("6.2.10 AUTO_ACKNOWLEDGE with a listener: a message is acknowledged when onMessage returns")
    void autoAcknowledgeWithListener() throws Exception {
        Queue q = queue("auto-listener");
        sendTexts(q, "a", "b");
        Connection c = startedConnection();
        Session s = c.createSession();
        CountDownLatch both = new CountDownLatch(2);
        s.createConsumer(q).setMessageListener(m -> both.countDown());
        assertThat(both.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        c.close();
        assertThat(remaining(q)).isEmpty();
    }

    @Test
    @DisplayName("6.2.10 DUPS_OK_ACKNOWLEDGE delivers every message")
    void dupsOk() throws Exception {
        Queue q = queue("dups-ok");
        sendTexts(q, numbered("m", 20));
        Session s = startedConnection().createSession(Session.DUPS_OK_ACKNOWLEDGE);
        assertThat(texts(receive(s.createConsumer(q), 20))).containsExactly(numbered("m", 20));
    }

    @Test
    @DisplayName("3.6 acknowledge() in AUTO_ACKNOWLEDGE is ignored")
    void acknowledgeIgnoredInAutoMode() throws Exception {
        Queue q = queue("ack-ignored");
        sendTexts(q, "a");
        Message m = startedConnection().createSession().createConsumer(q).receive(RECEIVE_MS);
        m.acknowledge();
        assertThat(text(m)).isEqualTo("a");
    }

    @Test
    @DisplayName("3.6 acknowledge() after the session closed throws IllegalStateException")
    void acknowledgeAfterCloseIsRefused() throws Exception {
        Queue q = queue("ack-closed");
        sendTexts(q, "a");
        Session s = startedConnection().createSession(Session.CLIENT_ACKNOWLEDGE);
        Message m = s.createConsumer(q).receive(RECEIVE_MS);
        s.close();
        assertThatThrownBy(m::acknowledge).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("8.7 a listener that throws in CLIENT_ACKNOWLEDGE gets the next message")
    void throwingListenerClientAcknowledge() throws Exception {
        Queue q = queue("listener-throws-client");
        sendTexts(q, "a", "b");
        Connection c = startedConnection();
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        c.createSession(Session.CLIENT_ACKNOWLEDGE).createConsumer(q).setMessageListener(m -> {
            try {
                seen.add(text(m));
            } catch (jakarta.jms.JMSException e) {
                throw new RuntimeException(e);
            }
            two.countDown();
            throw new RuntimeException("fails every time, on purpose");
        });
        assertThat(two.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    @DisplayName("8.7 a listener that throws in AUTO_ACKNOWLEDGE gets the message again, flagged redelivered")
    void throwingListenerGetsMessageAgain() throws Exception {
        Queue q = queue("listener-throws");
        Connection c = startedConnection();
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch redelivered = new CountDownLatch(1);
        c.createSession().createConsumer(q).setMessageListener(m -> {
            try {
                seen.add(text(m) + ":" + m.getJMSRedelivered() + ":" + m.getIntProperty("JMSXDeliveryCount"));
                if (!m.getJMSRedelivered()) {
                    throw new RuntimeException("fails the first time, on purpose");
                }
                redelivered.countDown();
            } catch (jakarta.jms.JMSException e) {
                throw new RuntimeException(e);
            }
        });
        sendTexts(q, "retry");
        assertThat(redelivered.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(seen).containsExactly("retry:false:1", "retry:true:2");
    }
}
