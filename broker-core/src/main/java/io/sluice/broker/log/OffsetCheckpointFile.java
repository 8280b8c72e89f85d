package io.sluice.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small text file mapping partitions to an offset, replaced atomically: written to a temporary
 * file, forced to disk, renamed over the old one, and the folder forced. Used for the recovery
 * points and the log start offsets.
 *
 * <pre>
 * line      content
 * 1         version, currently 0
 * 2         N, the number of entries
 * 3..N+2    &lt;topic&gt;-&lt;partition&gt; &lt;offset&gt;
 * </pre>
 *
 * <p>Thread-safe: {@link #write} and {@link #read} are synchronized.
 */
final class OffsetCheckpointFile {
    static final int VERSION = 0;

    private final Path path;

    OffsetCheckpointFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    synchronized void write(Map<TopicPartition, Long> offsets) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(VERSION).append('\n').append(offsets.size()).append('\n');
        Map<String, Long> sorted = new TreeMap<>();
        offsets.forEach((tp, offset) -> sorted.put(tp.directoryName(), offset));
        sorted.forEach(
                (name, offset) -> text.append(name).append(' ').append(offset).append('\n'));
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ChannelIO.writeFully(channel, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ChannelIO.fsyncDirectory(path.getParent());
    }

    /**
     * The stored offsets; empty if the file does not exist.
     *
     * @throws LogStorageException if the file is malformed
     */
    synchronized Map<TopicPartition, Long> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        try {
            if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) {
                throw new LogStorageException("checkpoint file has no version " + VERSION + " header", path);
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (count != lines.size() - 2) {
                throw new LogStorageException(
                        "checkpoint file declares " + count + " entries but holds " + (lines.size() - 2), path);
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (String line : lines.subList(2, lines.size())) {
                String[] parts = line.trim().split(" ");
                if (parts.length != 2) {
                    throw new LogStorageException("malformed checkpoint line '" + line + "'", path);
                }
                offsets.put(TopicPartition.fromDirectoryName(parts[0]), Long.parseLong(parts[1]));
            }
            return offsets;
        } catch (IllegalArgumentException e) {
            throw new LogStorageException("malformed checkpoint file", path, e);
        }
    }
}
