package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.ChildBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.broker.testing.PageCacheLoss;
import io.sluice.broker.testing.Produce;
import io.sluice.broker.testing.TransactedSession;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power-loss simulation: the broker (child JVM, durable-length journal on) is killed with SIGKILL
 * while it appends to a topic, records acknowledgements of a queue in the cursor log and commits
 * transactions in the transaction journal; then every segment and index file is cut to a random
 * length between its last fsync'd length and its end ({@link PageCacheLoss}), and the broker is
 * started again. Whatever was acknowledged - produced records answered DURABLE, ACKs answered as
 * requests, commits answered - must have survived: the records at the offsets they were given, no
 * acknowledged queue message delivered again, every committed message present once.
 *
 * <p>{@code sluice.powerloss.cycles} sets the number of cuts (8 by default; the {@code soak} Maven
 * profile raises it).
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class PowerLossIT {
    private static final int CYCLES = Integer.getInteger("sluice.powerloss.cycles", 8);
    private static final int TOPIC_PARTITIONS = 2;
    private static final int QUEUE_MESSAGES_PER_CYCLE = 300;
    private static final int RECORDS_PER_BATCH = 10;
    private static final int PIPELINE = 16;
    private static final String PADDING = "x".repeat(200);

    @TempDir
    Path dir;

    private final Random random = new Random(11);
    /** Topic records answered as durable: partition to (offset to value). */
    private final Map<Integer, Map<Long, String>> acknowledgedRecords = new ConcurrentHashMap<>();
    /** Queue messages whose ACK (sent as a request) was answered. */
    private final Set<String> acknowledgedAcks = ConcurrentHashMap.newKeySet();
    /** Messages of transactions whose commit was answered. */
    private final Set<String> committed = ConcurrentHashMap.newKeySet();
    /** Set just before the kill: workers failing after it are expected to. */
    private volatile boolean killing;

    @Test
    void everythingAcknowledgedSurvivesCuttingFilesToTheirDurableLength() throws Exception {
        Path journal = dir.resolve("durable-lengths.txt");
        List<String> jvm = List.of(
                "-Xmx256m",
                PageCacheLoss.jvmOption(journal),
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        String[] settings = {"cursor.log.segment.bytes=65536", "transaction.log.segment.bytes=65536"};
        try (ChildBroker broker = ChildBroker.start(dir, jvm, settings);
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            Map<String, String> small = Map.of("segment.bytes", "65536", "flush.linger.ms", "20");
            createTopic(c, new CreateTopicRequest("t", TOPIC_PARTITIONS, small));
            Map<String, String> queue = new HashMap<>(small);
            queue.put("type", "queue");
            createTopic(c, new CreateTopicRequest("q", 1, queue));
            createTopic(c, new CreateTopicRequest("out", 1, Map.of("type", "queue", "segment.bytes", "65536")));
        }
        long[] restartMs = new long[CYCLES];
        long[] openMs = new long[CYCLES];
        long totalBeyond = 0;
        long totalCut = 0;
        int totalFilesCut = 0;
        int recoveryTruncations = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            int records;
            int acks;
            int commits;
            try (ChildBroker broker = ChildBroker.start(dir, jvm, settings)) {
                try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
                    List<JmsRecords.Msg> fill = IntStream.range(0, QUEUE_MESSAGES_PER_CYCLE)
                            .mapToObj(i -> JmsRecords.text("q-" + System.nanoTime() + "-" + i))
                            .toList();
                    c.send("q", 0, fill);
                }
                int recordsBefore = recordCount();
                int acksBefore = acknowledgedAcks.size();
                int commitsBefore = committed.size();
                List<Worker> workers = List.of(
                        new Worker("produce", () -> produce(broker.port())),
                        new Worker("ack", () -> consumeAndAck(broker.port())),
                        new Worker("commit", () -> commitTransactions(broker.port())));
                killing = false;
                workers.forEach(Worker::start);
                Thread.sleep(400 + random.nextInt(1000));
                killing = true;
                broker.kill();
                for (Worker w : workers) {
                    w.join();
                }
                records = recordCount() - recordsBefore;
                acks = acknowledgedAcks.size() - acksBefore;
                commits = committed.size() - commitsBefore;
            }
            PageCacheLoss.Outcome cut = PageCacheLoss.cut(dir.resolve("data"), journal, random);
            totalBeyond += cut.bytesBeyondDurable();
            totalCut += cut.bytesCut();
            totalFilesCut += cut.filesCut();
            long start = System.nanoTime();
            try (ChildBroker broker = ChildBroker.start(dir, jvm, settings)) {
                restartMs[cycle] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                openMs[cycle] = openMs(broker);
                int truncations = countTruncations(broker);
                recoveryTruncations += truncations;
                System.out.printf(
                        "cycle %d: %d records, %d queue acks, %d commits answered; %d of %d files cut, %d of %d"
                                + " bytes beyond the durable lengths cut; %d segments truncated by recovery;"
                                + " restart %d ms (broker open %d ms)%n",
                        cycle + 1,
                        records,
                        acks,
                        commits,
                        cut.filesCut(),
                        cut.files(),
                        cut.bytesCut(),
                        cut.bytesBeyondDurable(),
                        truncations,
                        restartMs[cycle],
                        openMs[cycle]);
                verify(broker.port());
                broker.stop();
            }
        }
        Arrays.sort(restartMs);
        Arrays.sort(openMs);
        System.out.printf(
                "%d cycles: %d records, %d queue acks, %d commits acknowledged, lost 0; %d files cut, %d bytes"
                        + " cut of %d beyond the durable lengths; %d recovery truncations;"
                        + " restart p50 %d ms max %d ms; broker open p50 %d ms max %d ms%n",
                CYCLES,
                recordCount(),
                acknowledgedAcks.size(),
                committed.size(),
                totalFilesCut,
                totalCut,
                totalBeyond,
                recoveryTruncations,
                restartMs[CYCLES / 2],
                restartMs[CYCLES - 1],
                openMs[CYCLES / 2],
                openMs[CYCLES - 1]);
        assertThat(recordCount()).isPositive();
    }

    private static void createTopic(FrameClient c, CreateTopicRequest request) throws Exception {
        c.call(ApiKey.CREATE_TOPIC, request, Empty::read);
    }

    private int recordCount() {
        return acknowledgedRecords.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * From the broker's first log line to "Listening on": opening the metadata store, recovering
     * the logs, replaying the cursor log and the transaction journal.
     */
    private static long openMs(ChildBroker broker) throws Exception {
        List<String> lines = Files.readAllLines(broker.logFile());
        String listening = lines.stream()
                .filter(l -> l.contains("Listening on"))
                .findFirst()
                .orElseThrow();
        long ms = timeOfDayMs(listening) - timeOfDayMs(lines.get(0));
        return ms < 0 ? ms + TimeUnit.DAYS.toMillis(1) : ms;
    }

    private static long timeOfDayMs(String line) {
        return LocalTime.parse(line.substring(0, 12)).toNanoOfDay() / 1_000_000;
    }

    private static int countTruncations(ChildBroker broker) throws Exception {
        return (int) Files.readAllLines(broker.logFile()).stream()
                .filter(l -> l.contains("recovery of") && l.contains("truncated"))
                .count();
    }

    /**
     * Idempotent batches of {@value #RECORDS_PER_BATCH} records to alternating partitions, up to
     * {@value #PIPELINE} requests in flight, so that the page cache usually holds appends that are
     * not yet durable when the broker is killed. A record counts once its request was answered.
     */
    private void produce(int port) throws Exception {
        try (FrameClient c = FrameClient.connect(port, null, null)) {
            InitProducerIdResponse id =
                    c.call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read);
            int[] sequence = new int[TOPIC_PARTITIONS];
            ArrayDeque<Sent> inFlight = new ArrayDeque<>();
            for (int n = 0; ; n++) {
                if (inFlight.size() == PIPELINE) {
                    settle(c, inFlight.removeFirst());
                }
                int p = n % TOPIC_PARTITIONS;
                String[] values = new String[RECORDS_PER_BATCH];
                for (int i = 0; i < values.length; i++) {
                    values[i] = "r-" + id.producerId() + "-" + p + "-" + (sequence[p] + i) + "-" + PADDING;
                }
                ByteBuf batch = Batches.idempotent(
                        id.producerId(), id.producerEpoch(), sequence[p], System.currentTimeMillis(), values);
                inFlight.addLast(new Sent(c.send(ApiKey.PRODUCE, Produce.request("t", p, batch)), p, values));
                sequence[p] += values.length;
            }
        }
    }

    private record Sent(int correlationId, int partition, String[] values) {}

    private void settle(FrameClient c, Sent sent) throws Exception {
        ProduceResponse.PartitionResult r = c.awaitResponse(sent.correlationId())
                .read(ProduceResponse::read)
                .topics()
                .get(0)
                .partitions()
                .get(0);
        assertThat(r.error()).as("%s", r.errorMessage()).isEqualTo(ErrorCode.NONE);
        Map<Long, String> stored =
                acknowledgedRecords.computeIfAbsent(sent.partition(), k -> new ConcurrentHashMap<>());
        for (int i = 0; i < sent.values().length; i++) {
            stored.put(r.baseOffset() + i, sent.values()[i]);
        }
    }

    /** Receives from the queue and acknowledges each batch with an ACK request. */
    private void consumeAndAck(int port) throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(port)) {
            c.createConsumer(DeliveryClient.queueConsumer(1, "q", 10));
            while (true) {
                List<Received> in = c.receiveSome(200);
                if (in.isEmpty()) {
                    continue;
                }
                FrameClient.Response r = c.ackAndWait(AckType.ACCEPT, in);
                assertThat(r.error()).isEqualTo(ErrorCode.NONE);
                in.forEach(m -> acknowledgedAcks.add(m.text()));
                c.flow(1, in.size());
            }
        }
    }

    /** Transactions of three messages to "out", each committed with a request. */
    private void commitTransactions(int port) throws Exception {
        try (FrameClient c = FrameClient.connect(port, null, null)) {
            TransactedSession tx = TransactedSession.init(c);
            for (int n = 0; ; n++) {
                String[] texts = new String[3];
                for (int i = 0; i < texts.length; i++) {
                    texts[i] = "tx-" + tx.producerId() + "-" + n + "-" + i;
                }
                tx.send("out", 0, texts);
                FrameClient.Response r = tx.commit(c);
                assertThat(r.error()).isEqualTo(ErrorCode.NONE);
                committed.addAll(List.of(texts));
            }
        }
    }

    private void verify(int port) throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(port)) {
            for (int p = 0; p < TOPIC_PARTITIONS; p++) {
                List<Batches.Fetched> log = Produce.fetchAll(c.frames(), "t", p);
                Map<Long, String> stored = new HashMap<>();
                for (int i = 0; i < log.size(); i++) {
                    assertThat(log.get(i).offset())
                            .as("offsets of partition %d", p)
                            .isEqualTo(i);
                    stored.put(log.get(i).offset(), log.get(i).value());
                }
                Map<Long, String> acknowledged = acknowledgedRecords.getOrDefault(p, Map.of());
                assertThat(stored).as("partition %d", p).containsAllEntriesOf(acknowledged);
            }
            c.createConsumer(DeliveryClient.queueConsumer(1, "q", 10_000));
            List<Received> left = c.receiveAll(1_000);
            Set<String> again = new HashSet<>();
            left.forEach(m -> again.add(m.text()));
            again.retainAll(acknowledgedAcks);
            assertThat(again)
                    .as("queue messages acknowledged and delivered again")
                    .isEmpty();
            if (!left.isEmpty()) {
                assertThat(c.ackAndWait(AckType.ACCEPT, left).error()).isEqualTo(ErrorCode.NONE);
                left.forEach(m -> acknowledgedAcks.add(m.text()));
            }
            List<String> out = Produce.fetchAll(c.frames(), "out", 0).stream()
                    .map(Batches.Fetched::value)
                    .toList();
            assertThat(out).as("committed messages").doesNotHaveDuplicates().containsAll(committed);
        }
    }

    /**
     * A workload thread; it ends when the broker dies under it. A failure before {@link #killing}
     * was set is a real one.
     */
    private final class Worker {
        interface Body {
            void run() throws Exception;
        }

        private final Thread thread;
        /** Set by the worker thread, read after it ended. */
        private volatile Throwable failure;

        Worker(String name, Body body) {
            this.thread = new Thread(
                    () -> {
                        try {
                            body.run();
                        } catch (Exception | AssertionError e) {
                            if (!killing) {
                                failure = e;
                            }
                        }
                    },
                    "powerloss-" + name);
        }

        void start() {
            thread.start();
        }

        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive())
                    .as("%s still running", thread.getName())
                    .isFalse();
            assertThat(failure)
                    .as("%s failed while the broker ran", thread.getName())
                    .isNull();
        }
    }
}
