package io.sluice.broker.testing;

import io.sluice.broker.BrokerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker in a child JVM (BrokerMain with the test class path), for tests that kill it with
 * SIGKILL or stop it with SIGTERM.
 *
 * <p>Not thread-safe.
 */
public final class ChildBroker implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path logFile;

    private ChildBroker(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts a broker on {@code dir/data} with security off and the extra {@code --set} settings. */
    public static ChildBroker start(Path dir, String... settings) throws Exception {
        return start(dir, List.of("-Xmx256m"), settings);
    }

    /**
     * Starts a broker on {@code dir/data} with these JVM options (heap size, log level, ...),
     * security off and the extra {@code --set} settings.
     */
    public static ChildBroker start(Path dir, List<String> jvmOptions, String... settings) throws Exception {
        Path portFile = dir.resolve("port");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
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
        for (String s : settings) {
            command.add("--set");
            command.add(s);
        }
        Path logFile = dir.resolve("broker-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                return new ChildBroker(
                        process, Integer.parseInt(Files.readString(portFile).trim()), logFile);
            }
            if (!process.isAlive()) {
                throw new AssertionError("broker exited with " + process.exitValue());
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("broker did not write its port file");
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the child wrote to standard output and error. */
    public Path logFile() {
        return logFile;
    }

    /** The child's process id (for tools that attach to it). */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no clean-shutdown marker, no final snapshot. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: a clean shutdown. */
    public void stop() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the broker did not stop within 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
