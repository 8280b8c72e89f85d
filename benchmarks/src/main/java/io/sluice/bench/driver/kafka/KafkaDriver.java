package io.sluice.bench.driver.kafka;

import io.sluice.bench.driver.BrokerProbe;
import io.sluice.bench.driver.Driver;
import io.sluice.bench.driver.DriverContext;
import io.sluice.bench.driver.SystemUnderTest;
import io.sluice.bench.driver.WorkloadClients;
import io.sluice.bench.process.ChildJvm;
import io.sluice.bench.process.JvmProbe;
import io.sluice.bench.process.LauncherArgs;
import io.sluice.bench.workload.Api;
import io.sluice.bench.workload.Workload;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Apache Kafka as the raw-log peer (driver id {@code kafka}): a single KRaft node ({@link
 * KafkaLauncher}) in a child JVM with Kafka's default heap settings ({@code -Xms1g -Xmx1g}, G1 with
 * 20 ms pause target, as {@code kafka-server-start.sh} sets them), reached with {@code
 * kafka-clients} on 127.0.0.1.
 *
 * <p>Thread-safe; stateless.
 */
public final class KafkaDriver implements Driver {
    static final List<String> JVM_ARGS = List.of(
            "-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35");

    static final String DURABILITY = "acks=all with idempotence on a single broker (min.insync.replicas=1):"
            + " acknowledged once appended to the leader's log in the OS page cache; Kafka does not fsync"
            + " (no log.flush.* settings), it relies on replication, which one broker does not have";

    @Override
    public String id() {
        return "kafka";
    }

    @Override
    public String displayName() {
        return "Kafka";
    }

    @Override
    public Api api() {
        return Api.LOG;
    }

    @Override
    public boolean isSubject() {
        return false;
    }

    @Override
    public SystemUnderTest start(DriverContext context) throws Exception {
        int port = ChildJvm.freePort();
        int controllerPort = ChildJvm.freePort();
        Path readyFile = context.dataDir().resolve("ready.properties");
        List<String> args = LauncherArgs.of(Map.of(
                "dataDir", context.dataDir().resolve("kraft").toString(),
                "port", Integer.toString(port),
                "controllerPort", Integer.toString(controllerPort),
                "readyFile", readyFile.toString()));
        ChildJvm jvm = ChildJvm.start(id(), KafkaLauncher.class.getName(), JVM_ARGS, args, context.dataDir());
        try {
            Properties ready = jvm.awaitReadyFile(readyFile, context.startTimeout());
            BrokerProbe probe = JvmProbe.attach(jvm.pid());
            String bootstrap = "127.0.0.1:" + port;
            String description = "Apache Kafka " + ready.getProperty("version")
                    + ", single KRaft node (broker+controller), shipped server.properties defaults,"
                    + " heap -Xms1g -Xmx1g (G1); producer acks=all, enable.idempotence=true, other"
                    + " client settings default unless the workload's driver settings say otherwise";
            return new KafkaSystem(description, bootstrap, probe, jvm);
        } catch (Exception e) {
            jvm.close();
            throw e;
        }
    }

    /** A running Kafka node. */
    private static final class KafkaSystem implements SystemUnderTest {
        private final String description;
        private final String bootstrap;
        private final BrokerProbe probe;
        private final ChildJvm jvm;

        KafkaSystem(String description, String bootstrap, BrokerProbe probe, ChildJvm jvm) {
            this.description = description;
            this.bootstrap = bootstrap;
            this.probe = probe;
            this.jvm = jvm;
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
            return Optional.of(probe);
        }

        @Override
        public WorkloadClients openClients(Workload workload) {
            if (workload.api() != Api.LOG) {
                throw new IllegalArgumentException(
                        "workload '" + workload.name() + "' uses the " + workload.api() + " API, not the log API");
            }
            return new KafkaClients(bootstrap, workload);
        }

        @Override
        public void close() {
            try {
                probe.close();
            } finally {
                jvm.close();
            }
        }
    }
}
