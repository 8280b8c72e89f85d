package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 6.2.9: message order. */
@DisplayName("6.2.9 Message order")
class MessageOrderIT extends TckTestBase {
    private static final int COUNT = 200;

    @Test
    @DisplayName("6.2.9.1 PERSISTENT messages of one session to a queue arrive in send order")
    void persistentOrderOnQueue() throws Exception {
        Queue q = queue("order-p");
        sendTexts(q, numbered("m", COUNT));
        MessageConsumer c = startedConnection().createSession().createConsumer(q);
        assertThat(texts(receive(c, COUNT))).containsExactly(numbered("m", COUNT));
    }

    @Test
    @DisplayName("6.2.9.1 NON_PERSISTENT messages of one session arrive in send order among themselves")
    void nonPersistentOrderOnQueue() throws Exception {
        Queue q = queue("order-np");
        Connection c = startedConnection();
        MessageConsumer consumer = c.createSession().createConsumer(q);
        Session s = c.createSession();
        MessageProducer p = s.createProducer(q);
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        for (String t : numbered("n", COUNT)) {
            p.send(s.createTextMessage(t));
        }
        assertThat(texts(receive(consumer, COUNT))).containsExactly(numbered("n", COUNT));
    }

    @Test
    @DisplayName("6.2.9.1 every subscriber of a topic sees one session's messages in send order")
    void orderOnTopic() throws Exception {
        Topic t = topic("order-t");
        Connection c = startedConnection();
        MessageConsumer one = c.createSession().createConsumer(t);
        MessageConsumer two = c.createSession().createConsumer(t);
        sendTexts(t, numbered("t", COUNT));
        assertThat(texts(receive(one, COUNT))).containsExactly(numbered("t", COUNT));
        assertThat(texts(receive(two, COUNT))).containsExactly(numbered("t", COUNT));
    }

    @Test
    @DisplayName("6.2.9.1 messages of two producers of one session keep each producer's order")
    void twoProducersOfOneSession() throws Exception {
        Queue q = queue("order-two");
        Connection c = startedConnection();
        Session s = c.createSession();
        MessageProducer a = s.createProducer(q);
        MessageProducer b = s.createProducer(q);
        for (int i = 0; i < 50; i++) {
            a.send(s.createTextMessage("a-" + i));
            b.send(s.createTextMessage("b-" + i));
        }
        List<String> got = texts(receive(c.createSession().createConsumer(q), 100));
        List<String> fromA = new ArrayList<>();
        List<String> fromB = new ArrayList<>();
        for (String t : got) {
            (t.startsWith("a-") ? fromA : fromB).add(t);
        }
        assertThat(fromA).containsExactly(numbered("a", 50));
        assertThat(fromB).containsExactly(numbered("b", 50));
        assertThat(got)
                .as("one session, one destination: the session's send order")
                .isEqualTo(interleaved());
    }

    private static List<String> interleaved() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            out.add("a-" + i);
            out.add("b-" + i);
        }
        return out;
    }
}
