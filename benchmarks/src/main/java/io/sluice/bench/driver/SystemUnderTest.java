package io.sluice.bench.driver;

import io.sluice.bench.workload.Workload;
import java.util.Optional;

/**
 * A started broker (or other system) that workloads run against, returned by {@link
 * Driver#start}. Closing it stops the broker and deletes its data.
 *
 * <p>Implementations are thread-safe.
 */
public interface SystemUnderTest extends AutoCloseable {
    /** Product, version and configuration, one line, for the report (e.g. journal type). */
    String description();

    /** What an acknowledged PERSISTENT send means on this system, one sentence, for the report. */
    String durability();

    /** The broker's resource probe, if the broker runs in a process the driver can observe. */
    Optional<BrokerProbe> probe();

    /** Opens the clients for one workload; the runner closes them after the workload. */
    WorkloadClients openClients(Workload workload) throws Exception;

    @Override
    void close() throws Exception;
}
