package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every conformance test shares: the environment, connections and contexts closed after each
 * test, destinations unique to the run, and receive helpers with timeouts that tolerate a loaded
 * machine.
 *
 * <p>Not thread-safe: used by one test at a time (the suite does not run tests in parallel).
 */
@ExtendWith(TckExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class TckTestBase {
    /** How long a receive waits for a message that must arrive. */
    static final long RECEIVE_MS = 10_000;

    /** How long a receive waits to show that a message does not arrive. */
    static final long ABSENT_MS = 500;

    /** Set by {@link TckExtension} before the first test of each class. */
    static TckEnvironment tck;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeOpened() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // The test may have closed or broken it on purpose.
            }
        }
        opened.clear();
    }

    /** Closes this object after the test. */
    <T extends AutoCloseable> T closeLater(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** A new, stopped connection of the suite's factory, closed after the test. */
    Connection connection() throws JMSException {
        return closeLater(tck.factory().createConnection());
    }

    /** A new, started connection. */
    Connection startedConnection() throws JMSException {
        Connection c = connection();
        c.start();
        return c;
    }

    /** A new AUTO_ACKNOWLEDGE context, closed after the test. */
    JMSContext context() {
        return closeLater(tck.factory().createContext());
    }

    JMSContext context(int sessionMode) {
        return closeLater(tck.factory().createContext(sessionMode));
    }

    static Queue queue(String hint) {
        return tck.queue(hint);
    }

    static Topic topic(String hint) {
        return tck.topic(hint);
    }

    /** Sends PERSISTENT text messages from a connection of their own (each send waits until stored). */
    void sendTexts(Destination to, String... texts) throws JMSException {
        try (Connection c = tck.factory().createConnection()) {
            Session s = c.createSession();
            MessageProducer p = s.createProducer(to);
            for (String t : texts) {
                p.send(s.createTextMessage(t));
            }
        }
    }

    /**
     * Consumes what is left on a queue, on a connection of its own that is closed afterwards (so no
     * consumer stays behind to take later messages), and returns the texts.
     */
    List<String> remaining(Queue q) throws JMSException {
        try (Connection c = tck.factory().createConnection()) {
            c.start();
            return texts(drain(c.createSession().createConsumer(q)));
        }
    }

    /** Receives exactly {@code count} messages, failing if one does not come within {@link #RECEIVE_MS}. */
    static List<Message> receive(MessageConsumer consumer, int count) throws JMSException {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message m = consumer.receive(RECEIVE_MS);
            assertThat(m).as("message %d of %d", i + 1, count).isNotNull();
            out.add(m);
        }
        return out;
    }

    /** Receives until {@link #ABSENT_MS} pass without a message. */
    static List<Message> drain(MessageConsumer consumer) throws JMSException {
        List<Message> out = new ArrayList<>();
        Message m;
        while ((m = consumer.receive(ABSENT_MS)) != null) {
            out.add(m);
        }
        return out;
    }

    static List<String> texts(List<Message> messages) throws JMSException {
        List<String> out = new ArrayList<>();
        for (Message m : messages) {
            out.add(((TextMessage) m).getText());
        }
        return out;
    }

    static String text(Message m) throws JMSException {
        assertThat(m).isInstanceOf(TextMessage.class);
        return ((TextMessage) m).getText();
    }

    /** {@code prefix-0 ... prefix-(n-1)}. */
    static String[] numbered(String prefix, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = prefix + "-" + i;
        }
        return out;
    }
}
