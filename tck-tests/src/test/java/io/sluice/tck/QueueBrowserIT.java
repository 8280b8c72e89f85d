package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 4.1.6: QueueBrowser. */
@DisplayName("4.1.6 QueueBrowser")
class QueueBrowserIT extends TckTestBase {

    private static List<String> browse(QueueBrowser browser) throws Exception {
        List<String> out = new ArrayList<>();
        Enumeration<?> e = browser.getEnumeration();
        while (e.hasMoreElements()) {
            out.add(text((Message) e.nextElement()));
        }
        return out;
    }

    @Test
    @DisplayName("4.1.6 a browser shows the queue's messages in order without consuming them")
    void browseDoesNotConsume() throws Exception {
        Queue q = queue("browse");
        sendTexts(q, numbered("m", 10));
        Session s = startedConnection().createSession();
        QueueBrowser browser = s.createBrowser(q);
        assertThat(browser.getQueue()).isEqualTo(q);
        assertThat(browse(browser)).containsExactly(numbered("m", 10));
        assertThat(browse(s.createBrowser(q))).as("a second look").containsExactly(numbered("m", 10));
        assertThat(texts(receive(s.createConsumer(q), 10))).containsExactly(numbered("m", 10));
    }

    @Test
    @DisplayName("4.1.6 a browser with a selector shows only matching messages")
    void browseWithSelector() throws Exception {
        Queue q = queue("browse-sel");
        Session s = startedConnection().createSession();
        var p = s.createProducer(q);
        for (int i = 0; i < 6; i++) {
            Message m = s.createTextMessage("m-" + i);
            m.setIntProperty("n", i);
            p.send(m);
        }
        QueueBrowser browser = s.createBrowser(q, "n >= 4");
        assertThat(browser.getMessageSelector()).isEqualTo("n >= 4");
        assertThat(browse(browser)).containsExactly("m-4", "m-5");
    }

    @Test
    @DisplayName("4.1.6 browsing an empty queue gives an empty enumeration")
    void browseEmpty() throws Exception {
        Session s = startedConnection().createSession();
        assertThat(s.createBrowser(queue("browse-empty")).getEnumeration().hasMoreElements())
                .isFalse();
    }

    @Test
    @DisplayName("4.1.6 a browser does not show messages already consumed")
    void browseAfterConsuming() throws Exception {
        Queue q = queue("browse-after");
        sendTexts(q, "a", "b", "c");
        Session s = startedConnection().createSession();
        receive(s.createConsumer(q), 1);
        s.close();
        Session s2 = startedConnection().createSession();
        assertThat(browse(s2.createBrowser(q))).containsExactly("b", "c");
    }

    @Test
    @DisplayName("4.1.6 a closed browser throws IllegalStateException")
    void closedBrowser() throws Exception {
        Session s = startedConnection().createSession();
        QueueBrowser browser = s.createBrowser(queue("browse-closed"));
        browser.close();
        browser.close();
        assertThatThrownBy(browser::getEnumeration).isInstanceOf(IllegalStateException.class);
    }
}
