package io.sluice.bench.driver.kafka;

import io.sluice.bench.process.ChildJvm.ReadyFile;
import io.sluice.bench.process.LauncherArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The {@code main} of the Kafka child JVM: one KRaft node acting as broker and controller, with
 * the settings of Kafka's shipped single-node {@code config/server.properties} (replication factor
 * 1 for internal topics, default network and I/O threads, no flush settings - so Kafka's default
 * durability: no fsync per message), listeners on 127.0.0.1 only. It formats the storage
 * directory programmatically (as {@code kafka-storage.sh format} does), starts the server, writes
 * the version to {@code readyFile}, then runs until SIGTERM.
 *
 * <pre>
 * java -cp ... KafkaLauncher dataDir=/tmp/x port=9092 controllerPort=9093 readyFile=/tmp/x/ready
 * </pre>
 *
 * <p>Not thread-safe; a process entry point.
 */
public final class KafkaLauncher {
    private KafkaLauncher() {}

    public static void main(String[] argv) throws Exception {
        LauncherArgs args = LauncherArgs.parse(argv);
        Path logDir = Path.of(args.get("dataDir"));
        Files.createDirectories(logDir);
        Properties props = serverProperties(logDir, args.getInt("port"), args.getInt("controllerPort"));
        new Formatter()
                .setPrintStream(System.out)
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(List.of(logDir.toString()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.shutdown();
                server.awaitShutdown();
            } finally {
                stopped.countDown();
            }
        }));
        server.startup();
        Properties ready = new Properties();
        ready.setProperty("version", AppInfoParser.getVersion());
        ReadyFile.write(Path.of(args.get("readyFile")), ready);
        stopped.await();
    }

    static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.network.threads", "3");
        p.setProperty("num.io.threads", "8");
        p.setProperty("socket.send.buffer.bytes", "102400");
        p.setProperty("socket.receive.buffer.bytes", "102400");
        p.setProperty("socket.request.max.bytes", "104857600");
        p.setProperty("num.partitions", "1");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("log.retention.hours", "168");
        p.setProperty("log.segment.bytes", "1073741824");
        p.setProperty("log.retention.check.interval.ms", "300000");
        // Consumer groups form at once instead of after Kafka's 3 s default delay: each workload
        // starts a fresh broker and group, and the delay would only eat into the warm-up.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        return p;
    }
}
