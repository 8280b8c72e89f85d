package io.sluice.broker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for one test, so that it can fill a real file system: {@code mount -t tmpfs
 * -o size=N tmpfs DIR}. Needs Linux and root (CI runs as root); elsewhere the test is skipped
 * through a JUnit assumption that says why.
 *
 * <p>Not thread-safe.
 */
public final class TmpfsMount implements AutoCloseable {
    private final Path dir;

    private TmpfsMount(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (mount's syntax, e.g. {@code 16m}) on {@code dir}, or skips the test. */
    public static TmpfsMount mountOrSkip(Path dir, String size) throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"),
                "filling a disk needs a tmpfs mount, which this test makes on Linux only");
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "filling a disk needs a tmpfs mount, which needs root; this JVM runs as "
                        + System.getProperty("user.name"));
        Files.createDirectories(dir);
        String output = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()));
        Assumptions.assumeTrue(
                output == null, "cannot mount a tmpfs on " + dir + " (no mount capability here?): " + output);
        return new TmpfsMount(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Bytes a non-privileged writer may still use. */
    public long usableBytes() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Unmounts (lazily, so that files still open cannot keep it). */
    @Override
    public void close() throws IOException, InterruptedException {
        String output = run(List.of("umount", "-l", dir.toString()));
        if (output != null) {
            throw new IOException("cannot unmount " + dir + ": " + output);
        }
    }

    /** Runs a command; null on success, else its output. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.toString();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output.trim();
    }
}
