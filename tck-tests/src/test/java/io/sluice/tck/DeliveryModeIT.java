package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 7.7 (message delivery mode) with 4.1.8, 4.2.11 and 9.1 (reliability). */
@DisplayName("7.7 Message delivery mode")
class DeliveryModeIT extends TckTestBase {

    @Test
    @DisplayName("7.7 PERSISTENT and NON_PERSISTENT messages are both delivered to a live consumer")
    void bothModesAreDelivered() throws Exception {
        Queue q = queue("modes");
        Session s = startedConnection().createSession();
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("persistent"), DeliveryMode.PERSISTENT, 4, 0);
        p.send(s.createTextMessage("non-persistent"), DeliveryMode.NON_PERSISTENT, 4, 0);
        assertThat(texts(receive(s.createConsumer(q), 2))).containsExactlyInAnyOrder("persistent", "non-persistent");
    }

    @Test
    @DisplayName("7.7 a delivery mode other than PERSISTENT or NON_PERSISTENT is refused")
    void invalidDeliveryModeIsRefused() throws Exception {
        Session s = connection().createSession();
        MessageProducer p = s.createProducer(queue("bad-mode"));
        assertThatThrownBy(() -> p.setDeliveryMode(99)).isInstanceOf(jakarta.jms.JMSException.class);
    }

    @Test
    @DisplayName("4.1.8 a PERSISTENT message on a queue survives a broker restart")
    void persistentQueueMessageSurvivesRestart() throws Exception {
        Assumptions.assumeTrue(tck.isInProcess(), "needs the in-process broker, which the suite can restart");
        Queue q = queue("survives");
        sendTexts(q, "kept-1", "kept-2");
        tck.restartBroker();
        MessageConsumer c = startedConnection().createSession().createConsumer(q);
        assertThat(texts(receive(c, 2))).containsExactly("kept-1", "kept-2");
    }

    @Test
    @DisplayName("4.2.11 a PERSISTENT message kept for a durable subscription survives a broker restart")
    void persistentDurableMessageSurvivesRestart() throws Exception {
        Assumptions.assumeTrue(tck.isInProcess(), "needs the in-process broker, which the suite can restart");
        Topic t = topic("survives-durable");
        String sub = tck.uniqueId("sub");
        try (Connection c = tck.factory().createConnection()) {
            c.createSession().createSharedDurableConsumer(t, sub).close();
        }
        sendTexts(t, "kept");
        tck.restartBroker();
        Session s = startedConnection().createSession();
        MessageConsumer c = s.createSharedDurableConsumer(t, sub);
        assertThat(text(c.receive(RECEIVE_MS))).isEqualTo("kept");
        c.close();
        s.unsubscribe(sub);
    }

    @Test
    @DisplayName("9.1 a message acknowledged before a broker restart is not delivered again")
    void acknowledgedMessageStaysConsumed() throws Exception {
        Assumptions.assumeTrue(tck.isInProcess(), "needs the in-process broker, which the suite can restart");
        Queue q = queue("consumed");
        sendTexts(q, "done", "pending");
        try (Connection c = tck.factory().createConnection()) {
            c.start();
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            s.createConsumer(q).receive(RECEIVE_MS).acknowledge();
        }
        tck.restartBroker();
        MessageConsumer c = startedConnection().createSession().createConsumer(q);
        assertThat(texts(drain(c))).containsExactly("pending");
    }
}
