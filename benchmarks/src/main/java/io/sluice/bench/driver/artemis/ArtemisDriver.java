package io.sluice.bench.driver.artemis;

import io.sluice.bench.driver.BrokerProbe;
import io.sluice.bench.driver.Driver;
import io.sluice.bench.driver.DriverContext;
import io.sluice.bench.driver.SystemUnderTest;
import io.sluice.bench.driver.jms.JmsSystem;
import io.sluice.bench.machine.MachineLimits;
import io.sluice.bench.process.ChildJvm;
import io.sluice.bench.process.JvmProbe;
import io.sluice.bench.process.LauncherArgs;
import io.sluice.bench.workload.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Apache ActiveMQ Artemis as a JMS peer: an embedded broker ({@link ArtemisLauncher}) in a child
 * JVM with Artemis's default heap settings ({@code -Xms512M -Xmx2G}, G1) and its libaio wrapper on
 * the library path as in a distribution install ({@link ArtemisNative}), reached over TCP on
 * 127.0.0.1 with the Artemis Jakarta client. The client sets {@code confirmationWindowSize} (1 MiB)
 * so that a {@code CompletionListener} fires only after the broker has persisted the message;
 * without it Artemis completes asynchronous sends before the broker has them.
 *
 * <p>Thread-safe; stateless apart from the profile.
 */
public abstract class ArtemisDriver implements Driver {
    static final List<String> JVM_ARGS = List.of("-Xms512m", "-Xmx2g", "-XX:+UseG1GC");

    private final String profile;

    ArtemisDriver(String profile) {
        this.profile = profile;
    }

    @Override
    public Api api() {
        return Api.JMS;
    }

    @Override
    public boolean isSubject() {
        return false;
    }

    @Override
    public SystemUnderTest start(DriverContext context) throws Exception {
        int port = ChildJvm.freePort();
        Path readyFile = context.dataDir().resolve("ready.properties");
        Map<String, String> args = new LinkedHashMap<>();
        args.put("dataDir", context.dataDir().resolve("broker").toString());
        args.put("port", Integer.toString(port));
        args.put("readyFile", readyFile.toString());
        args.put("profile", profile);
        if (profile.equals("tuned")) {
            long fsync = context.fsyncNanos().isPresent()
                    ? context.fsyncNanos().getAsLong()
                    : MachineLimits.fsyncPreallocatedLatency(context.dataDir(), 200)
                            .p50Nanos();
            args.put("bufferTimeoutNanos", Long.toString(Math.max(1_000, fsync)));
        }
        List<String> jvmArgs = new ArrayList<>(JVM_ARGS);
        ArtemisNative.extract(context.dataDir().resolve("native"))
                .ifPresent(dir -> jvmArgs.add("-Djava.library.path=" + dir));
        ChildJvm jvm = ChildJvm.start(
                id(), ArtemisLauncher.class.getName(), jvmArgs, LauncherArgs.of(args), context.dataDir());
        try {
            Properties ready = jvm.awaitReadyFile(readyFile, context.startTimeout());
            BrokerProbe probe = JvmProbe.attach(jvm.pid());
            ActiveMQConnectionFactory factory =
                    new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port + "?confirmationWindowSize=1048576");
            return new JmsSystem(describe(ready), durability(ready), factory, Optional.of(probe), () -> {
                factory.close();
                jvm.close();
            });
        } catch (Exception e) {
            jvm.close();
            throw e;
        }
    }

    private String describe(Properties ready) {
        String journal = ready.getProperty("journalType");
        return String.format(
                Locale.ROOT,
                "Apache ActiveMQ Artemis %s, %s configuration: %s journal%s, journal-buffer-timeout %.0f µs%s,"
                        + " heap -Xms512m -Xmx2g (G1), global-max-size %d MiB, client confirmationWindowSize 1 MiB",
                ready.getProperty("version"),
                profile,
                journal,
                journal.equals("NIO") ? " (libaio not loadable)" : "",
                Long.parseLong(ready.getProperty("bufferTimeoutNanos")) / 1000.0,
                profile.equals("tuned") ? " (measured fsync time), 10 pre-created journal files" : " (default)",
                Long.parseLong(ready.getProperty("globalMaxSizeBytes")) / (1024 * 1024));
    }

    private static String durability(Properties ready) {
        boolean synced = Boolean.parseBoolean(ready.getProperty("syncNonTransactional"))
                && Boolean.parseBoolean(ready.getProperty("syncTransactional"));
        return synced
                ? "PERSISTENT sends and commits are acknowledged after the journal write is synced to disk"
                        + " (journal-sync-non-transactional and journal-sync-transactional true, datasync "
                        + ready.getProperty("journalDatasync") + "); writes are batched for up to the buffer timeout"
                : "PERSISTENT sends are acknowledged before the journal is synced";
    }
}
