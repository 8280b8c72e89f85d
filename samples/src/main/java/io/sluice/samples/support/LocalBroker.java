package io.sluice.samples.support;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Sluice broker started inside the sample's own process, listening on a free port of 127.0.0.1,
 * with its data in a temporary directory that {@link #close()} deletes. It is the only class of the
 * samples that knows Sluice beyond {@code jndi.properties}: the applications reach it over TCP like
 * any other broker.
 *
 * <p>Thread-safe (its state is set once at start).
 */
public final class LocalBroker implements AutoCloseable {
    private final Path dataDir;
    private final SluiceBroker broker;

    private LocalBroker(Path dataDir, SluiceBroker broker) {
        this.dataDir = dataDir;
        this.broker = broker;
    }

    /** Starts a broker with security off (as the development configuration) in a new temp dir. */
    public static LocalBroker start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("sluice-sample-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the embedded broker", e);
        }
        try {
            SluiceBroker broker = SluiceBroker.start(
                    BrokerConfig.forTesting(dir).host("127.0.0.1").build());
            return new LocalBroker(dir, broker);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /** The URL a JMS client connects with. */
    public String url() {
        return "sluice://127.0.0.1:" + broker.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("Could not delete the embedded broker's data in " + root + ": " + e);
        }
    }
}
