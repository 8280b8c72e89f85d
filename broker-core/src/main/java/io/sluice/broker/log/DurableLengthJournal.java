package io.sluice.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A debug option for power-loss tests: a text file to which every fsync of a log, index or time
 * index file appends a line saying how many bytes of that file are now durable. A test that
 * SIGKILLs the broker can then cut each file anywhere between its last durable length and its end,
 * which is what losing the page cache does to it, and check that recovery keeps everything that
 * was acknowledged.
 *
 * <p>Enabled by the JVM system property {@value #PROPERTY} naming the journal file; every {@link
 * LogManager} of the JVM (topics, cursor log, transaction journal) then opens its files through
 * {@link #opener()}. Off by default: it costs a write per fsync and the file only grows.
 *
 * <pre>
 * line                                   written
 * 0 /data/logs/orders-0/000...000.log    when the opener creates the file
 * 4096 /data/logs/orders-0/000...000.log after a force, with the size the file had before it
 * </pre>
 *
 * <p>The size is read before the force starts, so every byte below it was written before the force
 * and is on disk once it returns: the recorded length never exceeds what is durable. The file is
 * appended to without fsync (it outlives a killed process in the page cache, which is all a test
 * needs); a reader ignores a last line without its newline. A later line for the same path
 * replaces earlier ones.
 *
 * <p>Thread-safe: lines are appended under the journal's lock.
 */
final class DurableLengthJournal {
    /** The system property naming the journal file. */
    static final String PROPERTY = "sluice.debug.durableLengthJournal";

    private static final Map<Path, DurableLengthJournal> OPEN = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;

    private DurableLengthJournal(Path file) {
        this.file = file;
        try {
            this.channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new LogStorageException("cannot open the durable-length journal named by -D" + PROPERTY, file, e);
        }
    }

    /**
     * The opener log managers use by default: {@link FileOpener#DEFAULT}, or one recording durable
     * lengths in the journal named by {@value #PROPERTY} when that property is set.
     */
    static FileOpener opener() {
        String name = System.getProperty(PROPERTY);
        if (name == null || name.isBlank()) {
            return FileOpener.DEFAULT;
        }
        return opener(Path.of(name));
    }

    /** An opener recording in the journal at {@code file} (one journal per file in the JVM). */
    static FileOpener opener(Path file) {
        DurableLengthJournal journal = OPEN.computeIfAbsent(file.toAbsolutePath(), DurableLengthJournal::new);
        return journal::open;
    }

    private FileChannel open(Path path, OpenOption... options) throws IOException {
        Path absolute = path.toAbsolutePath();
        boolean creates = Set.of(options).contains(StandardOpenOption.CREATE) && !Files.exists(absolute);
        FileChannel opened = FileChannel.open(absolute, options);
        if (creates) {
            record(absolute, 0);
        }
        return new DurableLengthChannel(opened, absolute, this);
    }

    /** Appends "{@code durableBytes path}". */
    void record(Path path, long durableBytes) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((durableBytes + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (this) {
            while (line.hasRemaining()) {
                channel.write(line);
            }
        }
    }

    @Override
    public String toString() {
        return "DurableLengthJournal[" + file + "]";
    }
}
