package io.sluice.jms;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.client.ClientConfig;
import io.sluice.client.SluiceClient;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An embedded broker for JMS integration tests, reached over TCP on 127.0.0.1, plus the
 * connections a test opened (closed by {@link #close()}) and unique destination names.
 *
 * <p>Not thread-safe: used by one test class's lifecycle methods.
 */
final class EmbeddedBroker implements AutoCloseable {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Path dataDir;
    private final UnaryOperator<BrokerConfig.Builder> configure;
    private final List<Connection> connections = new ArrayList<>();
    private SluiceBroker broker;
    private int port;

    private EmbeddedBroker(Path dataDir, UnaryOperator<BrokerConfig.Builder> configure) {
        this.dataDir = dataDir;
        this.configure = configure;
    }

    static EmbeddedBroker start(Path dataDir) {
        return start(dataDir, b -> b);
    }

    static EmbeddedBroker start(Path dataDir, UnaryOperator<BrokerConfig.Builder> configure) {
        EmbeddedBroker b = new EmbeddedBroker(dataDir, configure);
        b.startBroker(0);
        return b;
    }

    private void startBroker(int onPort) {
        broker = SluiceBroker.start(
                configure.apply(BrokerConfig.forTesting(dataDir).port(onPort)).build());
        port = broker.port();
    }

    /** Stops the broker cleanly and starts it again on the same port and data. */
    void restart() {
        broker.close();
        startBroker(port);
    }

    SluiceBroker broker() {
        return broker;
    }

    int port() {
        return port;
    }

    String url() {
        return "sluice://127.0.0.1:" + port;
    }

    String url(String query) {
        return url() + "?" + query;
    }

    SluiceConnectionFactory factory() {
        return new SluiceConnectionFactory(url());
    }

    SluiceConnectionFactory factory(String query) {
        return new SluiceConnectionFactory(url(query));
    }

    /** A connection closed with the broker helper. */
    Connection connection() throws JMSException {
        return track(factory().createConnection());
    }

    Connection track(Connection c) {
        connections.add(c);
        return c;
    }

    /** Creates a queue or topic with this many partitions and topic settings (e.g. max.deliveries). */
    void createDestination(String name, String type, int partitions, Map<String, String> settings) {
        Map<String, String> configs = new HashMap<>(settings);
        configs.put("type", type);
        try (SluiceClient admin = SluiceClient.connect(
                ClientConfig.builder().host("127.0.0.1").port(port).build())) {
            admin.admin().createTopic(name, partitions, configs).join();
        }
    }

    /** A destination name no other test uses. */
    static String name(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    void closeConnections() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                // The test may have closed or broken it on purpose.
            }
        }
        connections.clear();
    }

    @Override
    public void close() {
        closeConnections();
        if (broker != null) {
            broker.close();
        }
    }
}
