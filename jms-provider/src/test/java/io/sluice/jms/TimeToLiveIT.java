package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Time to live (JMSExpiration) and delivery delay (JMSDeliveryTime). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeToLiveIT extends JmsTestBase {

    @Test
    void anExpiredMessageIsNeverDelivered() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("ttl"));
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("expires"), jakarta.jms.DeliveryMode.PERSISTENT, 4, 200);
        p.send(s.createTextMessage("stays"), jakarta.jms.DeliveryMode.PERSISTENT, 4, 60_000);
        Thread.sleep(400);
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        Message m = consumer.receive(5000);
        assertThat(((TextMessage) m).getText()).isEqualTo("stays");
        assertThat(m.getJMSExpiration()).isGreaterThan(System.currentTimeMillis());
        assertThat(consumer.receive(300)).isNull();
    }

    @Test
    void aDelayedMessageArrivesOnlyAfterItsDeliveryTimeAndDoesNotHoldBackOthers() throws JMSException {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("delay"));
        MessageProducer delayed = s.createProducer(q);
        delayed.setDeliveryDelay(1500);
        assertThat(delayed.getDeliveryDelay()).isEqualTo(1500);
        TextMessage later = s.createTextMessage("later");
        delayed.send(later);
        assertThat(later.getJMSDeliveryTime()).isEqualTo(later.getJMSTimestamp() + 1500);
        s.createProducer(q).send(s.createTextMessage("now"));
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        assertThat(((TextMessage) consumer.receive(5000)).getText()).isEqualTo("now");
        assertThat(consumer.receive(500)).isNull();
        Message m = consumer.receive(5000);
        assertThat(((TextMessage) m).getText()).isEqualTo("later");
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(later.getJMSDeliveryTime());
        assertThat(m.getJMSDeliveryTime()).isEqualTo(later.getJMSDeliveryTime());
    }
}
