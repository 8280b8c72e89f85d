package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Message selectors: validated at creation, evaluated by the broker for queues and topics. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectorIT extends JmsTestBase {

    private static void sendColoured(Session s, jakarta.jms.Destination d, String... colours) throws JMSException {
        MessageProducer p = s.createProducer(d);
        for (String colour : colours) {
            Message m = s.createTextMessage(colour);
            m.setStringProperty("colour", colour);
            m.setJMSType(colour.equals("red") ? "warm" : "cold");
            p.send(m, jakarta.jms.DeliveryMode.PERSISTENT, colour.equals("blue") ? 8 : 4, 0);
        }
    }

    @Test
    void queueConsumersGetOnlyMatchingMessagesAndTheRestStaysForOthers() throws JMSException {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("selected"));
        sendColoured(s, q, "red", "blue", "green", "red", "blue");
        MessageConsumer reds = s.createConsumer(q, "colour = 'red'");
        assertThat(reds.getMessageSelector()).isEqualTo("colour = 'red'");
        MessageConsumer important = s.createConsumer(q, "JMSPriority > 6");
        c.start();
        assertThat(texts(drain(reds, 300))).containsExactly("red", "red");
        assertThat(texts(drain(important, 300))).containsExactly("blue", "blue");
        assertThat(texts(drain(s.createConsumer(q, "JMSType = 'cold'"), 300))).containsExactly("green");
    }

    @Test
    void aTopicSubscribersSelectorFiltersItsSubscription() throws JMSException {
        Connection c = connection();
        Session s = c.createSession();
        Topic t = s.createTopic(name("selected-topic"));
        MessageConsumer warm = s.createConsumer(t, "JMSType = 'warm' OR colour LIKE 'gr%'");
        MessageConsumer all = s.createConsumer(t, "   ");
        assertThat(all.getMessageSelector()).isNull();
        sendColoured(s, t, "red", "blue", "green");
        c.start();
        assertThat(texts(drain(warm, 300))).containsExactly("red", "green");
        assertThat(drain(all, 300)).hasSize(3);
    }

    @Test
    void anInvalidSelectorIsRefusedWhenTheConsumerIsCreatedWithTheParsersMessage() throws JMSException {
        Session s = connection().createSession();
        Queue q = s.createQueue(name("bad-selector"));
        assertThatThrownBy(() -> s.createConsumer(q, "colour = 'red' AND"))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessageContaining("column");
        assertThatThrownBy(() -> s.createConsumer(q, "JMSExpiration > 0"))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessageContaining("JMSExpiration");
        assertThatThrownBy(() -> s.createDurableConsumer(s.createTopic(name("t")), "d", "x >", false))
                .isInstanceOf(InvalidSelectorException.class);
    }
}
