package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Messages redelivered too often move to the dead-letter queue; delivery counts survive a restart. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DeadLetterIT extends JmsTestBase {

    @Test
    void aMessageRecoveredUpToMaxDeliveriesMovesToTheDeadLetterQueueAcrossABrokerRestart() throws JMSException {
        String name = name("poison");
        String dlq = name("poison-dlq");
        broker.createDestination(name, "queue", 1, Map.of("max.deliveries", "3", "dead.letter.queue", dlq));

        Connection c = connection();
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        send(s, q, "poison", "fine");
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        Message first = consumer.receive(5000);
        assertThat(first.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        s.recover();
        assertThat(consumer.receive(5000).getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        c.close();

        broker.restart();

        Connection again = connection();
        Session s2 = again.createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer2 = s2.createConsumer(q);
        again.start();
        Message third = consumer2.receive(5000);
        assertThat(((TextMessage) third).getText()).isEqualTo("poison");
        assertThat(third.getIntProperty("JMSXDeliveryCount"))
                .as("counts survive the restart")
                .isEqualTo(3);
        assertThat(third.getJMSRedelivered()).isTrue();
        s2.recover();
        Message next = consumer2.receive(5000);
        assertThat(((TextMessage) next).getText()).isEqualTo("fine");
        next.acknowledge();

        MessageConsumer dead = s2.createConsumer(s2.createQueue(dlq));
        Message moved = dead.receive(5000);
        assertThat(((TextMessage) moved).getText()).isEqualTo("poison");
        assertThat(moved.getStringProperty("JMS_Sluice_DeadLetterReason")).isEqualTo("MAX_DELIVERIES");
        assertThat(moved.getStringProperty("JMS_Sluice_OriginalDestination")).isEqualTo("queue://" + name);
        assertThat(moved.getIntProperty("JMS_Sluice_DeliveryCount")).isEqualTo(3);
        assertThat(moved.getJMSMessageID()).isEqualTo(first.getJMSMessageID());
        moved.acknowledge();
    }
}
