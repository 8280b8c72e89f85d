package io.sluice.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.broker.log.AppendResult;
import io.sluice.broker.log.FlushPolicy;
import io.sluice.broker.log.LogConfig;
import io.sluice.broker.log.LogManager;
import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.log.TopicPartition;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures group-commit append throughput of one partition log against the raw sequential write
 * bandwidth of the same disk, in the same run.
 *
 * <p>The log run: {@code threads} appenders each append {@code batchKb} batches of {@code
 * recordBytes} records to one partition (flush policy GROUP), keeping up to {@code inFlight}
 * appends per thread waiting for durability, until {@code totalMb} are appended and durable. The
 * raw run then writes the same number of bytes to a plain file with {@link FileChannel} in chunks
 * of the batch size, calling {@code force} at the cadence the log used (bytes per fsync counted
 * during the log run). Both runs are preceded by a shorter warm-up; log and raw runs alternate
 * for {@code rounds} rounds and the round with the median log/raw ratio is reported.
 *
 * <pre>
 * mvn -q -pl benchmarks -am compile exec:java -Dexec.mainClass=io.sluice.bench.LogAppendBenchmark \
 *     -Dexec.args="--dir /path/on/disk --total-mb 1024 --batch-kb 64 --record-bytes 1024 --threads 4"
 * </pre>
 *
 * <p>Not thread-safe; run one benchmark per process.
 */
public final class LogAppendBenchmark {
    /** Settings of one run; see the class comment. */
    public record Options(
            Path dir,
            int totalMb,
            int batchKb,
            int recordBytes,
            int threads,
            int inFlight,
            int warmupMb,
            long lingerMs,
            int rounds) {
        static Options defaults() {
            return new Options(Path.of("target", "log-bench"), 1024, 64, 1024, 4, 4, 128, 0, 3);
        }
    }

    /** What one measured run found. */
    public record Result(
            long bytes, double logMbPerSec, double rawMbPerSec, long appends, long fsyncs, long bytesPerFsync) {
        public double ratio() {
            return logMbPerSec / rawMbPerSec;
        }
    }

    private LogAppendBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        run(options, System.out);
    }

    /** Warms up, measures log and raw throughput, prints a report to {@code out} and returns it. */
    public static Result run(Options o, PrintStream out) throws Exception {
        Files.createDirectories(o.dir());
        if (o.warmupMb() > 0) {
            Measured warm = measureLog(o, o.warmupMb());
            measureRaw(o, warm.bytes(), Math.max(1, warm.bytes() / Math.max(1, warm.fsyncs())));
        }
        out.printf(
                "settings: %d MiB x %d rounds, batch %d KiB of %d-byte records, %d threads x %d in flight,"
                        + " linger %d ms, dir %s%n",
                o.totalMb(),
                o.rounds(),
                o.batchKb(),
                o.recordBytes(),
                o.threads(),
                o.inFlight(),
                o.lingerMs(),
                o.dir().toAbsolutePath());
        List<Result> results = new ArrayList<>();
        for (int round = 1; round <= o.rounds(); round++) {
            Measured log = measureLog(o, o.totalMb());
            long perFsync = Math.max(1, log.bytes() / Math.max(1, log.fsyncs()));
            double rawSeconds = measureRaw(o, log.bytes(), perFsync);
            double mb = log.bytes() / (1024.0 * 1024.0);
            Result r =
                    new Result(log.bytes(), mb / log.seconds(), mb / rawSeconds, log.appends(), log.fsyncs(), perFsync);
            out.printf(
                    "round %d: log %.1f MB/s, raw %.1f MB/s, log/raw %.1f %% (%d fsyncs)%n",
                    round, r.logMbPerSec(), r.rawMbPerSec(), 100 * r.ratio(), r.fsyncs());
            results.add(r);
        }
        results.sort(Comparator.comparingDouble(Result::ratio));
        Result result = results.get(results.size() / 2);
        long bytesPerFsync = result.bytesPerFsync();
        out.println("median round:");
        out.printf(
                "log (group commit): %.1f MB/s  (%d appends, %d fsyncs, %d KiB per fsync)%n",
                result.logMbPerSec(), result.appends(), result.fsyncs(), bytesPerFsync / 1024);
        out.printf(
                "raw FileChannel:    %.1f MB/s  (same bytes, force every %d KiB)%n",
                result.rawMbPerSec(), bytesPerFsync / 1024);
        out.printf("log / raw:          %.1f %%%n", 100 * result.ratio());
        return result;
    }

    private record Measured(long bytes, double seconds, long appends, long fsyncs) {}

    private static Measured measureLog(Options o, int totalMb) throws Exception {
        Path data = Files.createTempDirectory(o.dir(), "log-");
        LogConfig config = LogConfig.builder()
                .flushPolicy(FlushPolicy.GROUP)
                .flushLingerMs(o.lingerMs())
                .build();
        long budget = (long) totalMb * 1024 * 1024;
        AtomicLong appended = new AtomicLong();
        AtomicLong appends = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        try (LogManager manager = LogManager.builder(data).open()) {
            PartitionLog log = manager.createLog(new TopicPartition("bench", 0), config);
            long fsyncsBefore = log.fsyncCount();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < o.threads(); t++) {
                workers.add(pool.submit(() -> {
                    appendLoop(log, o, budget, appended, appends);
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Measured(appended.get(), seconds, appends.get(), log.fsyncCount() - fsyncsBefore);
        } finally {
            pool.shutdownNow();
            deleteRecursively(data);
        }
    }

    private static void appendLoop(PartitionLog log, Options o, long budget, AtomicLong appended, AtomicLong appends)
            throws Exception {
        ByteBuf batch = buildBatch(o.batchKb() * 1024, o.recordBytes());
        try {
            ArrayDeque<CompletableFuture<Long>> waiting = new ArrayDeque<>();
            int size = batch.readableBytes();
            while (appended.addAndGet(size) <= budget) {
                AppendResult r = log.append(batch);
                appends.incrementAndGet();
                waiting.add(log.awaitHighWatermark(r.lastOffset()));
                if (waiting.size() >= o.inFlight()) {
                    waiting.poll().get();
                }
            }
            appended.addAndGet(-size);
            for (CompletableFuture<Long> f : waiting) {
                f.get();
            }
        } finally {
            batch.release();
        }
    }

    /** One batch of about {@code batchBytes} made of {@code recordBytes}-byte values, in a direct buffer. */
    static ByteBuf buildBatch(int batchBytes, int recordBytes) {
        RecordBatchBuilder builder = RecordBatchBuilder.plain(PooledByteBufAllocator.DEFAULT, batchBytes + 1024);
        byte[] value = new byte[recordBytes];
        ThreadLocalRandom.current().nextBytes(value);
        long now = System.currentTimeMillis();
        int perRecord =
                RecordBatchBuilder.recordSize(0, 0, null, io.netty.buffer.Unpooled.wrappedBuffer(value), List.of());
        do {
            builder.append(now, null, value);
        } while (builder.sizeInBytes() + perRecord <= batchBytes);
        ByteBuf heapOrDirect = builder.build();
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(heapOrDirect.readableBytes());
        direct.writeBytes(heapOrDirect);
        heapOrDirect.release();
        return direct;
    }

    /** Writes {@code bytes} sequentially in batch-sized chunks, forcing every {@code bytesPerFsync}. */
    private static double measureRaw(Options o, long bytes, long bytesPerFsync) throws IOException {
        Path file = Files.createTempFile(o.dir(), "raw-", ".bin");
        ByteBuffer chunk = ByteBuffer.allocateDirect(o.batchKb() * 1024);
        byte[] fill = new byte[chunk.capacity()];
        ThreadLocalRandom.current().nextBytes(fill);
        chunk.put(fill).flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            long written = 0;
            long sinceFsync = 0;
            while (written < bytes) {
                ByteBuffer b = chunk.duplicate();
                b.limit((int) Math.min(b.capacity(), bytes - written));
                while (b.hasRemaining()) {
                    int n = channel.write(b, written);
                    written += n;
                    sinceFsync += n;
                }
                if (sinceFsync >= bytesPerFsync) {
                    channel.force(false);
                    sinceFsync = 0;
                }
            }
            channel.force(false);
            return (System.nanoTime() - start) / 1e9;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static Options parse(String[] args) {
        Options d = Options.defaults();
        Path dir = d.dir();
        int totalMb = d.totalMb();
        int batchKb = d.batchKb();
        int recordBytes = d.recordBytes();
        int threads = d.threads();
        int inFlight = d.inFlight();
        int warmupMb = d.warmupMb();
        long lingerMs = d.lingerMs();
        int rounds = d.rounds();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--dir" -> dir = Path.of(v);
                case "--total-mb" -> totalMb = Integer.parseInt(v);
                case "--batch-kb" -> batchKb = Integer.parseInt(v);
                case "--record-bytes" -> recordBytes = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--in-flight" -> inFlight = Integer.parseInt(v);
                case "--warmup-mb" -> warmupMb = Integer.parseInt(v);
                case "--linger-ms" -> lingerMs = Long.parseLong(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i]
                                    + "; known: --dir --total-mb --batch-kb --record-bytes --threads --in-flight --warmup-mb --linger-ms --rounds");
            }
        }
        return new Options(dir, totalMb, batchKb, recordBytes, threads, inFlight, warmupMb, lingerMs, rounds);
    }
}
