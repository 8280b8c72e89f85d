package io.sluice.bench.driver;

import io.sluice.bench.workload.Api;
import io.sluice.bench.workload.Workload;
import java.util.Optional;

/**
 * A messaging system the runner can benchmark: Sluice through its JMS provider or its native log
 * client, or a peer (Apache ActiveMQ Artemis, Apache Kafka). A driver is found by {@link #id()}
 * in the {@link DriverRegistry}; implementations are listed in {@code
 * META-INF/services/io.sluice.bench.driver.Driver} and need a public no-argument constructor.
 *
 * <p>To add a driver: implement {@link #start} to bring up the broker (best in its own JVM, see
 * {@code io.sluice.bench.process.ChildJvm}) and return a {@link SystemUnderTest}. A JMS driver only
 * needs a {@code jakarta.jms.ConnectionFactory}: wrap it in {@code
 * io.sluice.bench.driver.jms.JmsSystem}, which runs every JMS workload generically. A log driver
 * implements {@link WorkloadClients} over its client (see the Kafka driver).
 *
 * <p>Implementations are thread-safe and cheap to construct; all work happens in {@link #start}.
 */
public interface Driver {
    /** Stable id used in workload files and on the command line, e.g. {@code artemis-default}. */
    String id();

    /** Column header in the report, e.g. {@code Artemis (default config)}. */
    String displayName();

    /** The API this driver's workloads use. */
    Api api();

    /** True when this driver is the system being measured (Sluice), false for a peer. */
    boolean isSubject();

    /** Starts a fresh system with its data in {@code context.dataDir()}. */
    SystemUnderTest start(DriverContext context) throws Exception;

    /**
     * Why this system cannot run {@code workload} (a feature it does not offer yet), or empty when
     * it can. The runner then reports the workload as not measured, with the reason, without
     * starting a broker.
     */
    default Optional<String> unsupported(Workload workload) {
        return Optional.empty();
    }
}
