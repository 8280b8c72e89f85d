package io.sluice.broker.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Simulates losing the page cache in a power cut, for a broker killed with SIGKILL that ran with
 * the durable-length journal ({@code -Dsluice.debug.durableLengthJournal=FILE}): every segment,
 * offset index and time index file under the data directory is cut to a random length between its
 * last durable length (the journal's last line for it; 0 when it has none) and its end.
 *
 * <p>Not thread-safe.
 */
public final class PageCacheLoss {
    /** The JVM option that makes a child broker keep the journal at {@code journal}. */
    public static String jvmOption(Path journal) {
        return "-Dsluice.debug.durableLengthJournal=" + journal.toAbsolutePath();
    }

    /** What a cut did. */
    public record Outcome(int files, int filesCut, long bytesBeyondDurable, long bytesCut) {}

    private PageCacheLoss() {}

    /** Cuts every log file under {@code dataDir} as described above. */
    public static Outcome cut(Path dataDir, Path journal, Random random) throws IOException {
        return cut(dataDir, journal, random, false);
    }

    /** Cuts every log file under {@code dataDir} to its last durable length: the worst case. */
    public static Outcome cutToDurable(Path dataDir, Path journal) throws IOException {
        return cut(dataDir, journal, new Random(0), true);
    }

    private static Outcome cut(Path dataDir, Path journal, Random random, boolean toDurable) throws IOException {
        Map<Path, Long> durable = readJournal(journal);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(PageCacheLoss::isLogFile)
                    .map(Path::toAbsolutePath)
                    .sorted()
                    .toList();
        }
        int filesCut = 0;
        long beyond = 0;
        long cut = 0;
        for (Path file : files) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long size = channel.size();
                long floor = Math.min(size, durable.getOrDefault(file, 0L));
                long length =
                        toDurable ? floor : Math.min(size, floor + (long) (random.nextDouble() * (size - floor + 1)));
                beyond += size - floor;
                if (length < size) {
                    channel.truncate(length);
                    filesCut++;
                    cut += size - length;
                }
            }
        }
        return new Outcome(files.size(), filesCut, beyond, cut);
    }

    private static boolean isLogFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".log") || name.endsWith(".index") || name.endsWith(".timeindex");
    }

    /** Path to its last recorded durable length; a last line without its newline is ignored. */
    static Map<Path, Long> readJournal(Path journal) throws IOException {
        Map<Path, Long> durable = new HashMap<>();
        if (!Files.exists(journal)) {
            return durable;
        }
        String text = Files.readString(journal, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return durable;
        }
        for (String line : text.substring(0, end).split("\n")) {
            int space = line.indexOf(' ');
            durable.put(Path.of(line.substring(space + 1)), Long.parseLong(line.substring(0, space)));
        }
        return durable;
    }
}
