package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerMain;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ProduceResponse.PartitionResult;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker process killed with SIGKILL right after acknowledging durable sends loses none of them,
 * and recognises every resend as a duplicate after it restarts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerCrashIT {
    private static final int PARTITIONS = 2;
    private static final int BATCHES_PER_PARTITION = 20;

    @TempDir
    Path dir;

    /** A broker in a child JVM, started through BrokerMain with the test classpath. */
    private Process startBroker(Path portFile) throws IOException {
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                BrokerMain.class.getName(),
                "--config",
                Files.writeString(dir.resolve("broker.properties"), "").toString(),
                "--port",
                "0",
                "--data-dir",
                dir.resolve("data").toString(),
                "--set",
                "security.enabled=false",
                "--set",
                "threads.io=1",
                "--port-file",
                portFile.toString()));
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
                throw new AssertionError("broker exited with " + broker.exitValue());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("broker did not write its port file");
    }

    @Test
    void acknowledgedDurableSendsSurviveKillAndResendsAreDuplicates() throws Exception {
        Path portFile = dir.resolve("port");
        Process broker = startBroker(portFile);
        long pid;
        PartitionResult[][] acks = new PartitionResult[PARTITIONS][BATCHES_PER_PARTITION];
        try (FrameClient c = FrameClient.connect(awaitPort(broker, portFile), null, null)) {
            c.call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("crash", PARTITIONS, Map.of()), b -> b);
            pid = c.call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read)
                    .producerId();
            for (int i = 0; i < BATCHES_PER_PARTITION; i++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    acks[p][i] = Produce.send(c, "crash", p, batch(pid, p, i));
                    assertThat(acks[p][i].error()).isEqualTo(ErrorCode.NONE);
                }
            }
        } finally {
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.exists(dir.resolve("data/logs/.clean-shutdown"))).isFalse();

        Process restarted = startBroker(portFile);
        try (FrameClient c = FrameClient.connect(awaitPort(restarted, portFile), null, null)) {
            for (int p = 0; p < PARTITIONS; p++) {
                // The last five batches of each partition are recognised as duplicates.
                for (int i = BATCHES_PER_PARTITION - 5; i < BATCHES_PER_PARTITION; i++) {
                    PartitionResult resent = Produce.send(c, "crash", p, batch(pid, p, i));
                    assertThat(resent.error()).isEqualTo(ErrorCode.NONE);
                    assertThat(resent.baseOffset()).isEqualTo(acks[p][i].baseOffset());
                    assertThat(resent.lastOffset()).isEqualTo(acks[p][i].lastOffset());
                }
                List<String> values = Produce.fetchAll(c, "crash", p).stream()
                        .map(Batches.Fetched::value)
                        .toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < BATCHES_PER_PARTITION; i++) {
                    expected.add("p" + p + "-" + i + "-0");
                    expected.add("p" + p + "-" + i + "-1");
                }
                assertThat(values).containsExactlyElementsOf(expected);
                // The producer continues where it left off.
                PartitionResult next = Produce.send(c, "crash", p, batch(pid, p, BATCHES_PER_PARTITION));
                assertThat(next.baseOffset()).isEqualTo(2L * BATCHES_PER_PARTITION);
            }
        } finally {
            restarted.destroy();
            assertThat(restarted.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // SIGTERM runs the shutdown hook: a clean shutdown leaves the marker.
        assertThat(Files.exists(dir.resolve("data/logs/.clean-shutdown"))).isTrue();
    }

    /** Batch {@code i} of partition {@code p}: two records, sequences 2i and 2i+1. */
    private static io.netty.buffer.ByteBuf batch(long pid, int p, int i) {
        return Batches.idempotent(
                pid, (short) 0, 2 * i, 1_000L + i, "p" + p + "-" + i + "-0", "p" + p + "-" + i + "-1");
    }
}
