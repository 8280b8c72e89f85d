package io.sluice.client;

import io.sluice.broker.BrokerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * BrokerMain in a child JVM with the test class path, security off, on a given data directory and
 * port, for tests that kill it with SIGKILL and start it again on the same port.
 *
 * <p>Not thread-safe.
 */
final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final long startNanos;
    private final long listeningNanos;
    private final Path logFile;

    private BrokerProcess(Process process, int port, long startNanos, long listeningNanos, Path logFile) {
        this.process = process;
        this.port = port;
        this.startNanos = startNanos;
        this.listeningNanos = listeningNanos;
        this.logFile = logFile;
    }

    /**
     * Starts a broker with data in {@code dir/data} on {@code port} (0: any free port) and waits
     * until it listens (its logs are open and recovered by then).
     */
    static BrokerProcess start(Path dir, int port, String... settings) throws IOException, InterruptedException {
        Path portFile = dir.resolve("port");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // Restarts dominate a crash test's time: C1 only and the serial collector start
                // the JVM in about half the time, and change nothing the tests assert.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
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
                portFile.toString()));
        for (String s : settings) {
            command.add("--set");
            command.add(s);
        }
        long startNanos = System.nanoTime();
        Path logFile = dir.resolve("broker-" + startNanos + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                String text = Files.readString(portFile).trim();
                if (!text.isEmpty()) {
                    return new BrokerProcess(process, Integer.parseInt(text), startNanos, System.nanoTime(), logFile);
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the broker exited with status " + process.exitValue());
            }
            Thread.sleep(10);
        }
        process.destroyForcibly();
        throw new AssertionError("the broker did not write its port file within 90 s");
    }

    int port() {
        return port;
    }

    /** From launching the JVM to listening: JVM start plus opening (and recovering) the data. */
    long startMs() {
        return TimeUnit.NANOSECONDS.toMillis(listeningNanos - startNanos);
    }

    /**
     * From the broker's first log line to "Listening on": opening the metadata store, recovering
     * the logs, replaying the cursor log and the transaction journal. Needs the log lines to start
     * with {@code HH:mm:ss.SSS} (the test class path's simplelogger.properties).
     */
    long openMs() throws IOException {
        List<String> lines = Files.readAllLines(logFile);
        String listening = lines.stream()
                .filter(l -> l.contains("Listening on"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 'Listening on' line in " + logFile));
        long ms = timeOfDayMs(listening) - timeOfDayMs(lines.get(0));
        return ms < 0 ? ms + TimeUnit.DAYS.toMillis(1) : ms;
    }

    private static long timeOfDayMs(String line) {
        return LocalTime.parse(line.substring(0, 12)).toNanoOfDay() / 1_000_000;
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the broker did not die within 30 s of SIGKILL");
        }
    }

    /** SIGTERM: a clean shutdown. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the broker did not stop within 60 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
