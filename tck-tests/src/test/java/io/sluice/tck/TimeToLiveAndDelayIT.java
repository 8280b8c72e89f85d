package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapters 7.8 (message time-to-live) and 7.9 (message delivery delay). */
@DisplayName("7.8 Time-to-live and 7.9 delivery delay")
class TimeToLiveAndDelayIT extends TckTestBase {
    private static final long SHORT_TTL_MS = 300;
    private static final long DELAY_MS = 1_500;

    @Test
    @DisplayName("7.8 a message whose time to live has passed is not delivered")
    void expiredMessageIsNotDelivered() throws Exception {
        Queue q = queue("ttl");
        Session s = connection().createSession();
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("expires"), DeliveryMode.PERSISTENT, 4, SHORT_TTL_MS);
        p.send(s.createTextMessage("stays"), DeliveryMode.PERSISTENT, 4, 0);
        Thread.sleep(SHORT_TTL_MS * 3);
        MessageConsumer c = startedConnection().createSession().createConsumer(q);
        assertThat(texts(drain(c))).containsExactly("stays");
    }

    @Test
    @DisplayName("7.8 an expired message is not delivered to a durable subscription either")
    void expiredOnSubscription() throws Exception {
        Topic t = topic("ttl-sub");
        String name = tck.uniqueId("ttl");
        Session s = startedConnection().createSession();
        s.createSharedDurableConsumer(t, name).close();
        MessageProducer p = s.createProducer(t);
        p.setTimeToLive(SHORT_TTL_MS);
        p.send(s.createTextMessage("expires"));
        p.setTimeToLive(0);
        p.send(s.createTextMessage("stays"));
        Thread.sleep(SHORT_TTL_MS * 3);
        MessageConsumer c = s.createSharedDurableConsumer(t, name);
        assertThat(texts(drain(c))).containsExactly("stays");
        c.close();
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("7.8 a message with a long time to live is delivered, with JMSExpiration set")
    void longTimeToLive() throws Exception {
        Queue q = queue("ttl-long");
        Session s = startedConnection().createSession();
        MessageProducer p = s.createProducer(q);
        p.setTimeToLive(600_000);
        assertThat(p.getTimeToLive()).isEqualTo(600_000);
        p.send(s.createTextMessage("lives"));
        Message m = s.createConsumer(q).receive(RECEIVE_MS);
        assertThat(text(m)).isEqualTo("lives");
        assertThat(m.getJMSExpiration()).isEqualTo(m.getJMSTimestamp() + 600_000);
    }

    @Test
    @DisplayName("7.9 a message with a delivery delay is not delivered before the delay has passed")
    void deliveryDelayOnQueue() throws Exception {
        Queue q = queue("delay");
        Connection c = startedConnection();
        Session s = c.createSession();
        MessageConsumer consumer = s.createConsumer(q);
        MessageProducer p = s.createProducer(q);
        p.setDeliveryDelay(DELAY_MS);
        assertThat(p.getDeliveryDelay()).isEqualTo(DELAY_MS);
        long sentAt = System.currentTimeMillis();
        p.send(s.createTextMessage("later"));
        p.setDeliveryDelay(0);
        p.send(s.createTextMessage("now"));
        assertThat(text(consumer.receive(RECEIVE_MS))).isEqualTo("now");
        Message later = consumer.receive(RECEIVE_MS);
        long receivedAt = System.currentTimeMillis();
        assertThat(text(later)).isEqualTo("later");
        assertThat(receivedAt - sentAt).isGreaterThanOrEqualTo(DELAY_MS);
        assertThat(later.getJMSDeliveryTime()).isEqualTo(later.getJMSTimestamp() + DELAY_MS);
    }

    @Test
    @DisplayName("7.8 a message whose time to live ends before its delivery time is never delivered")
    void expiresBeforeDeliveryTime() throws Exception {
        Queue q = queue("delay-expired");
        Session s = startedConnection().createSession();
        MessageConsumer consumer = s.createConsumer(q);
        MessageProducer p = s.createProducer(q);
        p.setDeliveryDelay(DELAY_MS);
        p.setTimeToLive(SHORT_TTL_MS);
        p.send(s.createTextMessage("never"));
        p.setDeliveryDelay(0);
        p.setTimeToLive(0);
        Thread.sleep(DELAY_MS);
        p.send(s.createTextMessage("marker"));
        assertThat(texts(drain(consumer))).containsExactly("marker");
    }

    @Test
    @DisplayName("7.9 delivery delay applies to topic subscriptions")
    void deliveryDelayOnTopic() throws Exception {
        Topic t = topic("delay-t");
        Session s = startedConnection().createSession();
        MessageConsumer consumer = s.createConsumer(t);
        MessageProducer p = s.createProducer(t);
        p.setDeliveryDelay(DELAY_MS);
        long sentAt = System.currentTimeMillis();
        p.send(s.createTextMessage("later"));
        Message m = consumer.receive(RECEIVE_MS);
        assertThat(text(m)).isEqualTo("later");
        assertThat(System.currentTimeMillis() - sentAt).isGreaterThanOrEqualTo(DELAY_MS);
    }

    @Test
    @DisplayName("7.9 a delayed message is not visible to a browser before its delivery time")
    void delayedMessageIsNotBrowsed() throws Exception {
        Queue q = queue("delay-browse");
        Session s = startedConnection().createSession();
        MessageProducer p = s.createProducer(q);
        p.setDeliveryDelay(60_000);
        p.send(s.createTextMessage("hidden"));
        p.setDeliveryDelay(0);
        p.send(s.createTextMessage("visible"));
        var e = s.createBrowser(q).getEnumeration();
        assertThat(e.hasMoreElements()).isTrue();
        assertThat(text((Message) e.nextElement())).isEqualTo("visible");
        assertThat(e.hasMoreElements()).isFalse();
    }
}
