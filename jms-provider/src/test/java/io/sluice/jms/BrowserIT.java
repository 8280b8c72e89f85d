package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** QueueBrowser: pages through BROWSE, with and without selector, without consuming. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrowserIT extends JmsTestBase {

    private static List<String> browse(QueueBrowser browser) throws JMSException {
        List<String> out = new ArrayList<>();
        Enumeration<?> e = browser.getEnumeration();
        while (e.hasMoreElements()) {
            out.add(((TextMessage) e.nextElement()).getText());
        }
        return out;
    }

    @Test
    void browsingShowsEveryMessageInOrderPageByPageAndConsumesNothing() throws JMSException {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("browse"));
        MessageProducer p = s.createProducer(q);
        p.setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            sent.add(Integer.toString(i));
            p.send(s.createTextMessage(Integer.toString(i)));
        }
        send(s, q, "last");
        sent.add("last");
        QueueBrowser browser = s.createBrowser(q);
        assertThat(browser.getQueue()).isEqualTo(q);
        assertThat(browser.getMessageSelector()).isNull();
        assertThat(browse(browser)).containsExactlyElementsOf(sent);
        assertThat(browse(browser)).as("a second pass sees the same").hasSize(701);
        c.start();
        MessageConsumer consumer = s.createConsumer(q);
        for (int i = 0; i < 701; i++) {
            assertThat(consumer.receive(10_000)).as("message " + i).isNotNull();
        }
        assertThat(consumer.receiveNoWait()).isNull();
        assertThat(browse(browser)).isEmpty();
    }

    @Test
    void aSelectorFiltersTheBrowseAndAcquiredMessagesAreNotShown() throws JMSException {
        Connection c = connection("prefetch=1");
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name("browse-selector"));
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 10; i++) {
            Message m = s.createTextMessage(Integer.toString(i));
            m.setIntProperty("n", i);
            p.send(m);
        }
        assertThat(browse(s.createBrowser(q, "n >= 7"))).containsExactly("7", "8", "9");
        var consumer = s.createConsumer(q);
        c.start();
        consumer.receive(5000);
        assertThat(browse(s.createBrowser(q, "n < 3"))).doesNotContain("0").contains("2");
    }

    @Test
    void anEmptyQueueEndsAtOnceAndMisuseIsRefused() throws Exception {
        Session s = connection().createSession();
        Queue q = s.createQueue(name("browse-empty"));
        QueueBrowser browser = s.createBrowser(q);
        Enumeration<?> e = browser.getEnumeration();
        assertThat(e.hasMoreElements()).isFalse();
        assertThatThrownBy(e::nextElement).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> s.createBrowser(q, "n >"))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessageContaining("column");
        assertThatThrownBy(() -> s.createBrowser(null)).isInstanceOf(jakarta.jms.InvalidDestinationException.class);
        browser.close();
        assertThatThrownBy(browser::getEnumeration).isInstanceOf(IllegalStateException.class);
        browser.close();
    }

    @Test
    void browsingAPartitionedQueueShowsEveryPartition() throws JMSException {
        String name = name("browse-partitions");
        broker.createDestination(name, "queue", 3, Map.of());
        List<String> sent = new ArrayList<>();
        for (int session = 0; session < 6; session++) {
            Session s = connection().createSession();
            MessageProducer p = s.createProducer(s.createQueue(name));
            for (int i = 0; i < 5; i++) {
                sent.add(session + "-" + i);
                p.send(s.createTextMessage(session + "-" + i));
            }
        }
        Session s = connection().createSession();
        List<String> seen = browse(s.createBrowser(s.createQueue(name)));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(sent);
        List<String> sorted = new ArrayList<>(seen);
        Collections.sort(sorted);
        assertThat(sorted).containsExactlyElementsOf(new java.util.TreeSet<>(sent));
    }
}
