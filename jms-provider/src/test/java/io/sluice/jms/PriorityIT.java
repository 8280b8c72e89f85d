package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Priorities: among waiting messages the highest priority is delivered first, in send order within one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PriorityIT extends JmsTestBase {

    @Test
    void waitingMessagesAreDeliveredHighestPriorityFirst() throws JMSException {
        Connection c = connection("prefetch=1");
        Session s = c.createSession();
        Queue q = s.createQueue(name("priority"));
        MessageProducer p = s.createProducer(q);
        int[] priorities = {0, 9, 4, 4, 7, 1, 9, 4};
        for (int i = 0; i < priorities.length; i++) {
            p.send(s.createTextMessage(priorities[i] + "/" + i), jakarta.jms.DeliveryMode.PERSISTENT, priorities[i], 0);
        }
        var consumer = s.createConsumer(q);
        c.start();
        List<String> got = new ArrayList<>();
        for (Message m : drain(consumer, 300)) {
            got.add(ConnectionIT.text(m));
            assertThat(m.getJMSPriority())
                    .isEqualTo(Integer.parseInt(ConnectionIT.text(m).split("/")[0]));
        }
        assertThat(got).containsExactly("9/1", "9/6", "7/4", "4/2", "4/3", "4/7", "1/5", "0/0");
    }
}
