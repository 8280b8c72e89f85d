package io.sluice.bench.driver.jms;

import io.sluice.bench.driver.BrokerProbe;
import io.sluice.bench.driver.SystemUnderTest;
import io.sluice.bench.driver.WorkloadClients;
import io.sluice.bench.workload.Api;
import io.sluice.bench.workload.Workload;
import jakarta.jms.ConnectionFactory;
import java.util.Optional;

/**
 * A running JMS broker, reached through any {@link ConnectionFactory}: every JMS workload runs on
 * it through {@link JmsClients}, using only the {@code jakarta.jms} API. A JMS driver starts its
 * broker and returns one of these; {@code shutdown} stops the broker when the system is closed.
 *
 * <p>Thread-safe.
 */
public final class JmsSystem implements SystemUnderTest {
    private final String description;
    private final String durability;
    private final ConnectionFactory factory;
    private final Optional<BrokerProbe> probe;
    private final AutoCloseable shutdown;

    public JmsSystem(
            String description,
            String durability,
            ConnectionFactory factory,
            Optional<BrokerProbe> probe,
            AutoCloseable shutdown) {
        this.description = description;
        this.durability = durability;
        this.factory = factory;
        this.probe = probe;
        this.shutdown = shutdown;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String durability() {
        return durability;
    }

    @Override
    public Optional<BrokerProbe> probe() {
        return probe;
    }

    @Override
    public WorkloadClients openClients(Workload workload) {
        if (workload.api() != Api.JMS) {
            throw new IllegalArgumentException(
                    "workload '" + workload.name() + "' uses the " + workload.api() + " API, not JMS");
        }
        return new JmsClients(factory, workload);
    }

    @Override
    public void close() throws Exception {
        try {
            probe.ifPresent(BrokerProbe::close);
        } finally {
            shutdown.close();
        }
    }
}
