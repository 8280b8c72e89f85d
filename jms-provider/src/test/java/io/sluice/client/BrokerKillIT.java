package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerMain;
import io.sluice.protocol.api.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker process is killed with SIGKILL while an idempotent producer sends DURABLE records, and
 * restarted on the same port and data directory. The client reconnects and re-sends what was not
 * acknowledged: every acknowledged record survives, and a fresh consumer finds every record exactly
 * once, in send order.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BrokerKillIT {
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 15_000;

    @TempDir
    Path dir;

    /** BrokerMain in a child JVM with the test classpath. */
    private Process startBroker(int port, Path portFile) throws IOException {
        Files.deleteIfExists(portFile);
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                BrokerMain.class.getName(),
                "--config",
                Files.writeString(dir.resolve("broker.properties"), "").toString(),
                "--port",
                Integer.toString(port),
                "--data-dir",
                dir.resolve("data").toString(),
                "--set",
                "security.enabled=false",
                "--port-file",
                portFile.toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolve("broker-" + System.nanoTime() + ".log").toFile())
                .start();
    }

    private static int awaitPort(Process broker, Path portFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                return Integer.parseInt(Files.readString(portFile).trim());
            }
            if (!broker.isAlive()) {
                throw new AssertionError("the broker exited with status " + broker.exitValue());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the broker did not write its port file");
    }

    @Test
    void killDuringSendsLosesNoAcknowledgedRecordAndDuplicatesNothing() throws Exception {
        Path portFile = dir.resolve("port");
        Process broker = startBroker(0, portFile);
        int port = awaitPort(broker, portFile);
        Process restarted = null;
        List<List<CompletableFuture<RecordMetadata>>> sent = new ArrayList<>();
        AtomicInteger reconnects = new AtomicInteger();
        int ackedBeforeKill;
        int killAt = RECORDS / 3;
        ClientConfig config = ClientConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .requestTimeoutMs(15_000)
                .reconnectBackoffMs(50)
                .reconnectBackoffMaxMs(500)
                .reconnectTimeoutMs(120_000)
                .build();
        try (SluiceClient client = SluiceClient.connect(config)) {
            client.admin().createTopic("orders", PARTITIONS, Map.of()).join();
            client.addConnectionListener(new ConnectionListener() {
                @Override
                public void onReconnected(ConnectionInfo connection) {
                    reconnects.incrementAndGet();
                }
            });
            RecordProducer producer = client.createProducer(ProducerConfig.builder()
                    .lingerMs(2)
                    .batchSizeBytes(16 * 1024)
                    .defaultDurability(Durability.DURABLE)
                    .build());
            for (int p = 0; p < PARTITIONS; p++) {
                sent.add(new ArrayList<>());
            }
            int restartAt = RECORDS / 2;
            int acked = 0;
            for (int i = 0; i < RECORDS; i++) {
                sent.get(i % PARTITIONS).add(producer.send("orders", i % PARTITIONS, null, value(i)));
                if (i == killAt) {
                    acked = countAcknowledged(sent);
                    broker.destroyForcibly();
                    assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
                if (i == restartAt) {
                    Thread.sleep(500);
                    restarted = startBroker(port, portFile);
                    assertThat(awaitPort(restarted, portFile)).isEqualTo(port);
                }
                if (i % 500 == 0) {
                    Thread.sleep(10);
                }
            }
            ackedBeforeKill = acked;
            producer.flush();
            for (List<CompletableFuture<RecordMetadata>> partition : sent) {
                for (int n = 0; n < partition.size(); n++) {
                    assertThat(partition.get(n).join().offset()).isEqualTo(n);
                }
            }
        } finally {
            broker.destroyForcibly();
        }
        try {
            assertThat(ackedBeforeKill)
                    .as("records acknowledged before the kill")
                    .isGreaterThan(0);
            assertThat(reconnects.get()).isGreaterThanOrEqualTo(1);
            assertEveryRecordOnceInOrder(port);
        } finally {
            if (restarted != null) {
                restarted.destroy();
                assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private static int countAcknowledged(List<List<CompletableFuture<RecordMetadata>>> sent) {
        int n = 0;
        for (List<CompletableFuture<RecordMetadata>> partition : sent) {
            for (CompletableFuture<RecordMetadata> f : partition) {
                if (f.isDone() && !f.isCompletedExceptionally()) {
                    n++;
                }
            }
        }
        return n;
    }

    private static void assertEveryRecordOnceInOrder(int port) {
        try (SluiceClient reader = SluiceClient.connect(
                ClientConfig.builder().host("127.0.0.1").port(port).build())) {
            RecordConsumer consumer = reader.createConsumer(ConsumerConfig.defaults());
            List<List<Integer>> read = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                consumer.assign(new TopicPartition("orders", p), RecordConsumer.EARLIEST);
                read.add(new ArrayList<>());
            }
            // Until every record is read or nothing arrives for 30 s (a loaded machine can take
            // seconds for the first fetch), then a last poll for anything stored twice.
            int total = 0;
            long idleSince = System.nanoTime();
            while (total < RECORDS && System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(30)) {
                for (ConsumerRecord r : consumer.poll(Duration.ofSeconds(1))) {
                    read.get(r.partition()).add(ByteBuffer.wrap(r.value()).getInt());
                    total++;
                    idleSince = System.nanoTime();
                }
            }
            for (ConsumerRecord r : consumer.poll(Duration.ofSeconds(2))) {
                read.get(r.partition()).add(ByteBuffer.wrap(r.value()).getInt());
            }
            for (int p = 0; p < PARTITIONS; p++) {
                List<Integer> expected = new ArrayList<>();
                for (int i = p; i < RECORDS; i += PARTITIONS) {
                    expected.add(i);
                }
                assertThat(read.get(p)).as("partition " + p).isEqualTo(expected);
            }
        }
    }

    private static byte[] value(int i) {
        return ByteBuffer.allocate(200).putInt(i).array();
    }
}
