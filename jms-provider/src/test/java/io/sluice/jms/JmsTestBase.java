package io.sluice.jms;

import io.sluice.broker.BrokerConfig;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One embedded broker per test class, reached over TCP; each test uses destinations of its own and
 * the connections it opens through {@link #connection()} are closed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JmsTestBase {
    Path dir;

    EmbeddedBroker broker;

    @BeforeAll
    void startBroker() throws IOException {
        dir = Files.createTempDirectory("sluice-jms-it");
        broker = EmbeddedBroker.start(dir.resolve("broker"), this::configure);
    }

    /** Broker settings of this class. */
    BrokerConfig.Builder configure(BrokerConfig.Builder b) {
        return b;
    }

    @AfterEach
    void closeConnections() {
        broker.closeConnections();
    }

    @AfterAll
    void stopBroker() throws IOException {
        if (broker != null) {
            broker.close();
        }
        deleteTree(dir);
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    Connection connection() throws JMSException {
        return broker.connection();
    }

    Connection connection(String query) throws JMSException {
        return broker.track(broker.factory(query).createConnection());
    }

    static String name(String prefix) {
        return EmbeddedBroker.name(prefix);
    }

    /**
     * Receives until a quiet gap without a message: {@code timeoutMs}, but at least a second, and up
     * to 10 s for the first message, so that a loaded machine does not cut the stream short. Every
     * caller expects at least one message.
     */
    static List<Message> drain(MessageConsumer consumer, long timeoutMs) throws JMSException {
        List<Message> out = new ArrayList<>();
        Message m = consumer.receive(Math.max(timeoutMs, 10_000));
        while (m != null) {
            out.add(m);
            m = consumer.receive(Math.max(timeoutMs, 1_000));
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

    /** Sends texts as PERSISTENT messages (each send waits until durable). */
    static void send(Session session, jakarta.jms.Destination to, String... texts) throws JMSException {
        var producer = session.createProducer(to);
        for (String t : texts) {
            producer.send(session.createTextMessage(t));
        }
        producer.close();
    }
}
