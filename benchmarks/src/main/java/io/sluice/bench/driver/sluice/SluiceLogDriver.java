package io.sluice.bench.driver.sluice;

import io.sluice.bench.driver.BrokerProbe;
import io.sluice.bench.driver.Driver;
import io.sluice.bench.driver.DriverContext;
import io.sluice.bench.driver.SystemUnderTest;
import io.sluice.bench.driver.WorkloadClients;
import io.sluice.bench.workload.Api;
import io.sluice.bench.workload.Workload;
import io.sluice.broker.SluiceBroker;
import java.util.Optional;

/**
 * Sluice through its native log client (driver id {@code sluice-log}): the same child-JVM broker as
 * {@link SluiceJmsDriver}, reached with {@code io.sluice.client} {@code RecordProducer}s (idempotent,
 * durability {@code DURABLE}: acknowledged after the group-commit fsync) and {@code RecordConsumer}s;
 * see {@link SluiceLogClients}.
 *
 * <p>Thread-safe; stateless.
 */
public final class SluiceLogDriver implements Driver {
    static final String DURABILITY = "idempotent producer, durability DURABLE: acknowledged once the log is"
            + " fsynced (group commit: one fsync for every append waiting, flush.policy=group,"
            + " flush.linger.ms=0)";

    @Override
    public String id() {
        return "sluice-log";
    }

    @Override
    public String displayName() {
        return "Sluice log";
    }

    @Override
    public Api api() {
        return Api.LOG;
    }

    @Override
    public boolean isSubject() {
        return true;
    }

    @Override
    public SystemUnderTest start(DriverContext context) throws Exception {
        SluiceBrokerProcess broker = SluiceBrokerProcess.start(id(), context);
        String description = "Sluice " + SluiceBroker.version() + " broker in a child JVM (heap -Xms512m -Xmx2g,"
                + " G1), default settings; native client, producer idempotent with durability DURABLE, other"
                + " client settings default unless the workload's driver settings say otherwise";
        return new LogSystem(description, broker);
    }

    /** A running broker for log workloads. */
    private static final class LogSystem implements SystemUnderTest {
        private final String description;
        private final SluiceBrokerProcess broker;

        LogSystem(String description, SluiceBrokerProcess broker) {
            this.description = description;
            this.broker = broker;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public String durability() {
            return DURABILITY;
        }

        @Override
        public Optional<BrokerProbe> probe() {
            return Optional.of(broker.probe());
        }

        @Override
        public WorkloadClients openClients(Workload workload) {
            if (workload.api() != Api.LOG) {
                throw new IllegalArgumentException(
                        "workload '" + workload.name() + "' uses the " + workload.api() + " API, not the log API");
            }
            return new SluiceLogClients(broker.port(), workload);
        }

        @Override
        public void close() {
            broker.close();
        }
    }
}
