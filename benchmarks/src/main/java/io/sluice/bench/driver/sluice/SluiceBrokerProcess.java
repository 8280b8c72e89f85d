package io.sluice.bench.driver.sluice;

import io.sluice.bench.driver.BrokerProbe;
import io.sluice.bench.driver.DriverContext;
import io.sluice.bench.process.ChildJvm;
import io.sluice.bench.process.JvmProbe;
import io.sluice.broker.BrokerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Sluice broker ({@link BrokerMain}) in a child JVM for one workload, shared by the JMS and the
 * native-log drivers: the same heap settings as the Artemis peer ({@code -Xms512m -Xmx2g}, G1),
 * security off, every other setting at its default (topic flush policy {@code group}), listening
 * on 127.0.0.1 at a free port, data under the workload's data directory.
 *
 * <p>Thread-safe; immutable once started.
 *
 * @param jvm the broker's process; closing it stops the broker
 * @param port the broker's client port on 127.0.0.1
 * @param probe CPU and heap of the broker's JVM
 */
record SluiceBrokerProcess(ChildJvm jvm, int port, BrokerProbe probe) {
    static final List<String> JVM_ARGS = List.of("-Xms512m", "-Xmx2g", "-XX:+UseG1GC");

    /**
     * System property with extra JVM options for the broker, separated by spaces, e.g. {@code
     * -XX:StartFlightRecording=filename=broker.jfr} to profile it; empty by default.
     */
    static final String EXTRA_JVM_ARGS_PROPERTY = "sluice.bench.brokerJvmArgs";

    /** Starts the broker and waits until its port accepts connections. */
    static SluiceBrokerProcess start(String driverId, DriverContext context) throws Exception {
        int port = ChildJvm.freePort();
        Path config = Files.writeString(context.dataDir().resolve("broker.properties"), "");
        List<String> args = List.of(
                "--config",
                config.toString(),
                "--port",
                Integer.toString(port),
                "--data-dir",
                context.dataDir().resolve("broker").toString(),
                "--set",
                "security.enabled=false");
        List<String> jvmArgs = new ArrayList<>(JVM_ARGS);
        String extra = System.getProperty(EXTRA_JVM_ARGS_PROPERTY, "").trim();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(List.of(extra.split("\\s+")));
        }
        ChildJvm jvm = ChildJvm.start(driverId, BrokerMain.class.getName(), jvmArgs, args, context.dataDir());
        try {
            jvm.awaitPort(port, context.startTimeout());
            return new SluiceBrokerProcess(jvm, port, JvmProbe.attach(jvm.pid()));
        } catch (Exception e) {
            jvm.close();
            throw e;
        }
    }

    /** Stops the probe and then the broker. */
    void close() {
        try {
            probe.close();
        } finally {
            jvm.close();
        }
    }
}
