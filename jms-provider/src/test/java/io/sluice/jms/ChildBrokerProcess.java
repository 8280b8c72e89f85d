package io.sluice.jms;

import io.sluice.broker.BrokerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker in a child JVM (BrokerMain with the test class path) on a data directory that survives
 * it, for tests that kill it with SIGKILL and start it again. Each start takes a free port (written
 * to a port file), so a restarted broker is reached under a new URL.
 *
 * <p>Not thread-safe.
 */
final class ChildBrokerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private ChildBrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a broker on {@code dir/data} with security off and the extra {@code --set} settings. */
    static ChildBrokerProcess start(Path dir, String... settings) throws Exception {
        Path portFile = dir.resolve("port");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
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
                "--port-file",
                portFile.toString()));
        for (String s : settings) {
            command.add("--set");
            command.add(s);
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("broker.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                String text = Files.readString(portFile).trim();
                if (!text.isEmpty()) {
                    return new ChildBrokerProcess(process, Integer.parseInt(text));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError(
                        "the broker exited with status " + process.exitValue() + "; see " + dir.resolve("broker.log"));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new AssertionError("the broker did not write its port file within 60 s");
    }

    String url(String query) {
        return "sluice://127.0.0.1:" + port + (query == null ? "" : "?" + query);
    }

    /** SIGKILL: no shutdown hook, no clean-shutdown marker. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
