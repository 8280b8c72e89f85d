package io.sluice.samples.support;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import java.nio.file.Path;
import javax.naming.Context;
import javax.naming.NamingException;

/**
 * A broker for the samples' integration tests, reached over TCP on 127.0.0.1 through the samples'
 * own JNDI configuration.
 *
 * <p>Not thread-safe: used by one test class's lifecycle methods.
 */
public final class TestBroker implements AutoCloseable {
    private final SluiceBroker broker;

    private TestBroker(SluiceBroker broker) {
        this.broker = broker;
    }

    public static TestBroker start(Path dataDir) {
        return new TestBroker(
                SluiceBroker.start(BrokerConfig.forTesting(dataDir).build()));
    }

    public String url() {
        return "sluice://127.0.0.1:" + broker.port();
    }

    /** {@code jndi.properties} with this broker's URL, as a sample given the URL uses it. */
    public Context jndi() throws NamingException {
        return SampleRunner.jndi(url());
    }

    @Override
    public void close() {
        broker.close();
    }
}
