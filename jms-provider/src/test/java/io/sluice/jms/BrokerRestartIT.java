package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker (a child JVM) is stopped cleanly and, later, killed with SIGKILL, and restarted on the
 * same port and data directory, while one JMS connection sends PERSISTENT messages and another
 * receives them in AUTO_ACKNOWLEDGE. Both connections reconnect by themselves: the application code
 * never sees an exception, every message whose send returned arrives, and no message arrives twice
 * (each was acknowledged when receive returned it).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BrokerRestartIT {
    private static final int MESSAGES = 3_000;

    @TempDir
    Path dir;

    private Process startBroker(int port) throws Exception {
        Path portFile = dir.resolve("port");
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
                Integer.toString(port),
                "--data-dir",
                dir.resolve("data").toString(),
                "--set",
                "security.enabled=false",
                "--set",
                "threads.io=1",
                "--port-file",
                portFile.toString()));
        Process broker = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolve("broker-" + System.nanoTime() + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile) && !Files.readString(portFile).isBlank()) {
                return broker;
            }
            if (!broker.isAlive()) {
                throw new AssertionError("the broker exited with status " + broker.exitValue());
            }
            Thread.sleep(50);
        }
        broker.destroyForcibly();
        throw new AssertionError("the broker did not write its port file");
    }

    private int port() throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve("port")).trim());
    }

    @Test
    void cleanStopAndKillDuringSteadyLoadLoseNothingAcknowledgedAndDuplicateNothing() throws Exception {
        Process broker = startBroker(0);
        int port = port();
        SluiceConnectionFactory factory = new SluiceConnectionFactory("sluice://127.0.0.1:" + port
                + "?reconnectBackoffMs=50&reconnectBackoffMaxMs=500&reconnectTimeoutMs=60000&prefetch=100");
        try (SteadyLoad load = new SteadyLoad(factory, "restart-orders", MESSAGES, 1)) {
            assertThat(load.awaitReceived(MESSAGES / 4, 60_000)).isTrue();

            long stopped = System.nanoTime();
            broker.destroy();
            assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            broker = startBroker(port);
            int before = load.receivedCount();
            assertThat(load.awaitReceived(before + 100, 60_000))
                    .as("consumption resumes after a clean restart")
                    .isTrue();
            long cleanOutageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);

            assertThat(load.awaitReceived(MESSAGES / 2, 60_000)).isTrue();
            long killed = System.nanoTime();
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            broker = startBroker(port);
            before = load.receivedCount();
            assertThat(load.awaitReceived(before + 100, 60_000))
                    .as("consumption resumes after kill -9")
                    .isTrue();
            long killOutageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

            assertThat(load.awaitDone(90_000))
                    .as("every confirmed message arrives")
                    .isTrue();
            Thread.sleep(1_000); // room for late duplicates
            System.out.printf(
                    "broker restart: clean stop to consumption resumed %d ms, kill -9 to consumption resumed %d ms,"
                            + " %d redelivered, last consumer outage %d ms%n",
                    cleanOutageMs,
                    killOutageMs,
                    load.redelivered(),
                    load.consumerConnection().recovery().lastOutageMs());
            assertThat(load.errors()).as("exceptions the application saw").isEmpty();
            assertThat(load.missing().cardinality())
                    .as("confirmed but never received")
                    .isZero();
            assertThat(load.confirmedCount()).isEqualTo(MESSAGES);
            assertThat(load.duplicates())
                    .as("acknowledged messages delivered again")
                    .isZero();
        } finally {
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
