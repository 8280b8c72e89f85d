package io.sluice.bench.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A broker running in its own JVM, started from this module's class path so that a peer runs
 * exactly the jars Maven resolved for it. Output goes to {@code broker.log} in the work directory.
 * Readiness is either a ready file the child writes once it listens ({@link ReadyFile}), or a TCP
 * port that accepts connections. Closing sends SIGTERM (the child's shutdown hooks stop the broker)
 * and forces the process down if it has not exited within {@link #STOP_TIMEOUT}.
 *
 * <p>Thread-safe: the process handle is immutable; {@link #close()} is idempotent.
 */
public final class ChildJvm implements AutoCloseable {
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildJvm(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code mainClass} with {@code jvmArgs} before the class and {@code args} after it, in
     * {@code workDir}.
     */
    public static ChildJvm start(String name, String mainClass, List<String> jvmArgs, List<String> args, Path workDir)
            throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("broker.log");
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(mainClass);
        command.addAll(args);
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ChildJvm(name, p, log);
    }

    /** This JVM's class path with every entry made absolute, since the child runs elsewhere. */
    static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The {@code java} launcher of the JVM running this code. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits for the child to write {@code readyFile} (see {@link ReadyFile}) and returns its content. */
    public Properties awaitReadyFile(Path readyFile, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(readyFile)) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " did not become ready within " + timeout + "; log tail:\n" + logTail());
            }
            Thread.sleep(50);
        }
        return ReadyFile.read(readyFile);
    }

    /** Waits until {@code port} on 127.0.0.1 accepts a connection. */
    public void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            checkAlive();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " did not listen on port " + port + " within " + timeout
                            + "; log tail:\n" + logTail());
                }
                Thread.sleep(50);
            }
        }
    }

    private void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException(name + " exited with status " + process.exitValue() + "; log tail:\n" + logTail());
        }
    }

    /** The last 40 lines of the child's output, for error messages. */
    public String logTail() {
        try (InputStream in = Files.newInputStream(logFile)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String[] lines = text.split("\n");
            int from = Math.max(0, lines.length - 40);
            return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The file a launcher writes once its broker listens: Java properties, written to a temporary
     * name and moved into place so the reader never sees half a file.
     */
    public static final class ReadyFile {
        private ReadyFile() {}

        public static void write(Path file, Properties content) throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                content.store(out, "broker ready");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        public static Properties read(Path file) throws IOException {
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            return p;
        }
    }
}
