package io.sluice.bench;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.client.ClientConfig;
import io.sluice.client.ProducerConfig;
import io.sluice.client.RecordMetadata;
import io.sluice.client.RecordProducer;
import io.sluice.client.SluiceClient;
import io.sluice.protocol.api.Durability;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures produce throughput through the whole network path: {@code producers} clients, each with
 * one idempotent {@link RecordProducer}, send {@code recordBytes} records with durability DURABLE
 * (acknowledged after fsync) to one topic of an embedded broker on 127.0.0.1, until {@code totalMb}
 * are acknowledged. In the same run, {@link LogAppendBenchmark} measures the storage engine's own
 * append rate (and raw disk bandwidth) on the same disk, so the cost of the network path reads
 * directly off the two figures. Produce rounds and the storage measurement alternate; the median
 * produce round is reported.
 *
 * <pre>
 * mvn -q -pl benchmarks -am compile exec:java -Dexec.mainClass=io.sluice.bench.ProduceBenchmark \
 *     -Dexec.args="--dir /path/on/disk --total-mb 512 --producers 4 --partitions 1"
 * </pre>
 *
 * <p>Not thread-safe; run one benchmark per process.
 */
public final class ProduceBenchmark {
    /** Settings of one run; see the class comment and {@code docs/performance.md}. */
    public record Options(
            Path dir,
            int totalMb,
            int recordBytes,
            int producers,
            int partitions,
            int batchKb,
            int lingerMs,
            int maxInFlight,
            int warmupMb,
            int rounds,
            boolean compareLog) {
        static Options defaults() {
            return new Options(Path.of("target", "produce-bench"), 512, 1024, 4, 1, 64, 5, 5, 64, 3, true);
        }
    }

    /** One produce round. */
    public record Round(long records, long bytes, double seconds) {
        public double mbPerSec() {
            return bytes / (1024.0 * 1024.0) / seconds;
        }

        public double recordsPerSec() {
            return records / seconds;
        }
    }

    /** The median produce round, and the storage figures of the same run (null if not measured). */
    public record Result(Round produce, LogAppendBenchmark.Result log) {}

    private ProduceBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(parse(args), System.out);
    }

    /** Warms up, measures, prints a report to {@code out} and returns it. */
    public static Result run(Options o, PrintStream out) throws Exception {
        Files.createDirectories(o.dir());
        Path data = Files.createTempDirectory(o.dir(), "broker-");
        List<Round> rounds = new ArrayList<>();
        LogAppendBenchmark.Result log = null;
        out.printf(
                "settings: %d MiB x %d rounds of %d-byte records, DURABLE, idempotent, %d producers,"
                        + " %d partitions, batch %d KiB, linger %d ms, %d in flight, dir %s%n",
                o.totalMb(),
                o.rounds(),
                o.recordBytes(),
                o.producers(),
                o.partitions(),
                o.batchKb(),
                o.lingerMs(),
                o.maxInFlight(),
                o.dir().toAbsolutePath());
        try (SluiceBroker broker = SluiceBroker.start(BrokerConfig.forTesting(data)
                .storageThreads(Math.max(2, o.partitions()))
                .build())) {
            if (o.warmupMb() > 0) {
                produceRound(broker, o, "warmup", o.warmupMb());
            }
            for (int round = 1; round <= o.rounds(); round++) {
                Round r = produceRound(broker, o, "bench-" + round, o.totalMb());
                out.printf(
                        "round %d: produce %.1f MB/s, %.0f records/s (%d records in %.2f s)%n",
                        round, r.mbPerSec(), r.recordsPerSec(), r.records(), r.seconds());
                rounds.add(r);
            }
        } finally {
            deleteRecursively(data);
        }
        if (o.compareLog()) {
            log = LogAppendBenchmark.run(
                    new LogAppendBenchmark.Options(
                            o.dir(), o.totalMb(), o.batchKb(), o.recordBytes(), 4, 4, o.warmupMb(), 0, o.rounds()),
                    out);
        }
        rounds.sort(Comparator.comparingDouble(Round::mbPerSec));
        Round median = rounds.get(rounds.size() / 2);
        out.println("median produce round:");
        out.printf(
                "produce (network, DURABLE, idempotent): %.1f MB/s, %.0f records/s%n",
                median.mbPerSec(), median.recordsPerSec());
        if (log != null) {
            out.printf(
                    "storage engine append (same run):       %.1f MB/s; raw disk %.1f MB/s%n",
                    log.logMbPerSec(), log.rawMbPerSec());
            out.printf(
                    "produce / storage append:               %.1f %%%n", 100 * median.mbPerSec() / log.logMbPerSec());
        }
        return new Result(median, log);
    }

    /** One topic per round, so every round starts from empty partitions. */
    private static Round produceRound(SluiceBroker broker, Options o, String topic, int totalMb) throws Exception {
        ClientConfig clientConfig =
                ClientConfig.builder().host("127.0.0.1").port(broker.port()).build();
        ProducerConfig producerConfig = ProducerConfig.builder()
                .batchSizeBytes(o.batchKb() * 1024)
                .lingerMs(o.lingerMs())
                .maxInFlightRequests(o.maxInFlight())
                .bufferMemoryBytes(Math.max(32L << 20, 4L * o.maxInFlight() * o.batchKb() * 1024 * o.partitions()))
                .defaultDurability(Durability.DURABLE)
                .build();
        List<SluiceClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(o.producers());
        try {
            for (int i = 0; i < o.producers(); i++) {
                clients.add(SluiceClient.connect(clientConfig));
            }
            clients.get(0).admin().createTopic(topic, o.partitions(), Map.of()).join();
            long budget = (long) totalMb * 1024 * 1024;
            AtomicLong claimed = new AtomicLong();
            AtomicLong records = new AtomicLong();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (SluiceClient client : clients) {
                RecordProducer producer = client.createProducer(producerConfig);
                workers.add(pool.submit(() -> {
                    sendLoop(producer, topic, o, budget, claimed, records);
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Round(records.get(), records.get() * o.recordBytes(), seconds);
        } finally {
            pool.shutdownNow();
            for (SluiceClient c : clients) {
                c.close();
            }
        }
    }

    private static void sendLoop(
            RecordProducer producer, String topic, Options o, long budget, AtomicLong claimed, AtomicLong records) {
        byte[] value = new byte[o.recordBytes()];
        ThreadLocalRandom.current().nextBytes(value);
        int partition = 0;
        CompletableFuture<RecordMetadata> last = null;
        while (claimed.addAndGet(o.recordBytes()) <= budget) {
            last = producer.send(topic, partition, null, value);
            partition = (partition + 1) % o.partitions();
            records.incrementAndGet();
        }
        producer.flush();
        if (last != null) {
            last.join();
        }
        producer.close();
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
        int recordBytes = d.recordBytes();
        int producers = d.producers();
        int partitions = d.partitions();
        int batchKb = d.batchKb();
        int lingerMs = d.lingerMs();
        int maxInFlight = d.maxInFlight();
        int warmupMb = d.warmupMb();
        int rounds = d.rounds();
        boolean compareLog = d.compareLog();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--dir" -> dir = Path.of(v);
                case "--total-mb" -> totalMb = Integer.parseInt(v);
                case "--record-bytes" -> recordBytes = Integer.parseInt(v);
                case "--producers" -> producers = Integer.parseInt(v);
                case "--partitions" -> partitions = Integer.parseInt(v);
                case "--batch-kb" -> batchKb = Integer.parseInt(v);
                case "--linger-ms" -> lingerMs = Integer.parseInt(v);
                case "--max-in-flight" -> maxInFlight = Integer.parseInt(v);
                case "--warmup-mb" -> warmupMb = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--compare-log" -> compareLog = Boolean.parseBoolean(v);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + "; known: --dir --total-mb"
                            + " --record-bytes --producers --partitions --batch-kb --linger-ms --max-in-flight"
                            + " --warmup-mb --rounds --compare-log");
            }
        }
        if (producers < 1 || partitions < 1 || rounds < 1 || totalMb < 1) {
            throw new IllegalArgumentException("--producers, --partitions, --rounds and --total-mb must be >= 1");
        }
        return new Options(
                dir,
                totalMb,
                recordBytes,
                producers,
                partitions,
                batchKb,
                lingerMs,
                maxInFlight,
                warmupMb,
                rounds,
                compareLog);
    }
}
