package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.api.Durability;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash durability: four idempotent producers (one client each) send DURABLE records to four
 * partitions while the broker, in a child JVM, is killed with SIGKILL at random moments and
 * restarted on the same data directory and port, again and again. The clients reconnect and re-send
 * what was in flight. At the end every record whose send future completed is read back at the offset
 * its future reported, no record is stored twice, and each producer's records keep their send order
 * in every partition.
 *
 * <p>{@code sluice.crash.cycles} sets the number of kills (20 by default; the {@code soak} Maven
 * profile raises it). Every cycle's figures are printed.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class CrashDurabilityIT {
    private static final int CYCLES = Integer.getInteger("sluice.crash.cycles", 20);
    private static final int PRODUCERS = 4;
    private static final int PARTITIONS = 4;
    private static final String TOPIC = "durable";
    private static final int VALUE_BYTES = 100;
    private static final int MAX_UNANSWERED = 2_000;

    @TempDir
    Path dir;

    private final Random random = new Random(7);

    /** One cycle's figures. */
    private record Cycle(
            int number, long acknowledged, long inFlightAtKill, long killAfterMs, long restartMs, long openMs) {}

    @Test
    void sigkillLosesNoAcknowledgedRecordAndStoresNoneTwice() throws Exception {
        BrokerProcess broker = BrokerProcess.start(dir, 0);
        int port = broker.port();
        List<Sender> senders = new ArrayList<>();
        List<Cycle> cycles = new ArrayList<>();
        try {
            try (SluiceClient admin = SluiceClient.connect(clientConfig(port))) {
                admin.admin()
                        .createTopic(TOPIC, PARTITIONS, Map.of("segment.bytes", Integer.toString(1024 * 1024)))
                        .join();
            }
            for (int p = 0; p < PRODUCERS; p++) {
                senders.add(new Sender(p, SluiceClient.connect(clientConfig(port))));
            }
            senders.forEach(Sender::start);
            long ackedBefore = 0;
            for (int c = 1; c <= CYCLES; c++) {
                long killAfterMs = 300 + random.nextInt(1200);
                Thread.sleep(killAfterMs);
                long acked = 0;
                long inFlight = 0;
                for (Sender s : senders) {
                    acked += s.acknowledged.get();
                    inFlight += s.sent() - s.acknowledged.get() - s.failed.get();
                }
                broker.kill();
                broker = BrokerProcess.start(dir, port);
                cycles.add(new Cycle(c, acked - ackedBefore, inFlight, killAfterMs, broker.startMs(), broker.openMs()));
                ackedBefore = acked;
            }
            Thread.sleep(1000);
            for (Sender s : senders) {
                s.finish();
            }
            for (Sender s : senders) {
                assertThat(s.error.get()).as("sender %d", s.id).isNull();
                long failed = s.futures.stream()
                        .filter(f -> !f.isDone() || f.isCompletedExceptionally())
                        .count();
                assertThat(failed).as("failed sends of producer %d", s.id).isZero();
            }
            printFigures(cycles, senders);
            assertEveryAcknowledgedRecordOnceInOrder(port, senders);
        } finally {
            for (Sender s : senders) {
                s.client.close();
            }
            broker.stop();
        }
    }

    private static ClientConfig clientConfig(int port) {
        return ClientConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .requestTimeoutMs(30_000)
                .reconnectBackoffMs(20)
                .reconnectBackoffMaxMs(200)
                .reconnectTimeoutMs(300_000)
                .build();
    }

    private static void printFigures(List<Cycle> cycles, List<Sender> senders) {
        StringBuilder out = new StringBuilder(
                "cycle | acknowledged since the previous restart | in flight at the kill | kill after ms"
                        + " | restart: launch to listening ms | broker open (recovery) ms\n");
        long[] open = new long[cycles.size()];
        long[] restart = new long[cycles.size()];
        long inFlight = 0;
        for (int i = 0; i < cycles.size(); i++) {
            Cycle c = cycles.get(i);
            out.append(String.format(
                    "%d | %d | %d | %d | %d | %d%n",
                    c.number(), c.acknowledged(), c.inFlightAtKill(), c.killAfterMs(), c.restartMs(), c.openMs()));
            open[i] = c.openMs();
            restart[i] = c.restartMs();
            inFlight += c.inFlightAtKill();
        }
        Arrays.sort(open);
        Arrays.sort(restart);
        long sent = senders.stream().mapToLong(Sender::sent).sum();
        out.append(String.format(
                "kills %d, records sent %d (all acknowledged in the end), in flight at the kills %d;"
                        + " broker open p50 %d ms max %d ms; launch to listening p50 %d ms max %d ms%n",
                CYCLES,
                sent,
                inFlight,
                open[open.length / 2],
                open[open.length - 1],
                restart[restart.length / 2],
                restart[restart.length - 1]));
        System.out.print(out);
    }

    /**
     * Reads every partition from the start: each acknowledged record is at the offset its future
     * reported, nothing else is stored, and each producer's sequence numbers rise in every partition.
     */
    private static void assertEveryAcknowledgedRecordOnceInOrder(int port, List<Sender> senders) {
        List<Map<Long, Long>> expected = expectedByPartition(senders);
        long total = senders.stream().mapToLong(Sender::sent).sum();
        List<ConsumerRecord> read = new ArrayList<>();
        try (SluiceClient reader = SluiceClient.connect(clientConfig(port));
                RecordConsumer consumer = reader.createConsumer(ConsumerConfig.defaults())) {
            for (int p = 0; p < PARTITIONS; p++) {
                consumer.assign(new TopicPartition(TOPIC, p), RecordConsumer.EARLIEST);
            }
            // Until every record is read, or nothing more arrives for 30 s.
            long idleSince = System.nanoTime();
            while (read.size() < total && System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(30)) {
                List<ConsumerRecord> batch = consumer.poll(Duration.ofSeconds(1));
                if (!batch.isEmpty()) {
                    read.addAll(batch);
                    idleSince = System.nanoTime();
                }
            }
            // Anything beyond the acknowledged records would be a duplicate: give it a moment.
            read.addAll(consumer.poll(Duration.ofSeconds(2)));
        }
        long[][] lastSequence = new long[PARTITIONS][PRODUCERS];
        for (long[] row : lastSequence) {
            Arrays.fill(row, -1);
        }
        long duplicates = 0;
        long outOfOrder = 0;
        long unexpected = 0;
        for (ConsumerRecord r : read) {
            ByteBuffer value = ByteBuffer.wrap(r.value());
            int producer = value.getInt();
            long sequence = value.getLong();
            long key = ((long) producer << 40) | sequence;
            Long at = expected.get(r.partition()).remove(key);
            if (at == null) {
                if (producer >= 0 && producer < PRODUCERS && sequence <= lastSequence[r.partition()][producer]) {
                    duplicates++;
                } else {
                    unexpected++;
                }
                continue;
            }
            assertThat(r.offset())
                    .as("offset of producer %d record %d", producer, sequence)
                    .isEqualTo(at);
            if (sequence <= lastSequence[r.partition()][producer]) {
                outOfOrder++;
            }
            lastSequence[r.partition()][producer] = sequence;
        }
        long lost = expected.stream().mapToLong(Map::size).sum();
        System.out.printf(
                "read back %d records: lost %d, duplicates %d, out of order %d, unexpected %d%n",
                read.size(), lost, duplicates, outOfOrder, unexpected);
        assertThat(lost).as("acknowledged records missing").isZero();
        assertThat(duplicates).as("records stored twice").isZero();
        assertThat(outOfOrder).as("records out of send order").isZero();
        assertThat(unexpected).as("records nobody sent").isZero();
        assertThat(read).hasSize((int) total);
    }

    /** Per partition: (producer << 40 | sequence) to the offset the record's future reported. */
    private static List<Map<Long, Long>> expectedByPartition(List<Sender> senders) {
        List<Map<Long, Long>> expected = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            expected.add(new HashMap<>());
        }
        for (Sender s : senders) {
            for (int seq = 0; seq < s.futures.size(); seq++) {
                RecordMetadata m = s.futures.get(seq).join();
                Long previous = expected.get(m.partition()).put(((long) s.id << 40) | seq, m.offset());
                assertThat(previous).isNull();
            }
        }
        return expected;
    }

    /**
     * One producer on its own client and thread: sends records numbered 0, 1, 2, ... to partitions
     * chosen at random, at most about 2,500 a second and {@link #MAX_UNANSWERED} unanswered, until
     * told to finish.
     */
    private static final class Sender {
        final int id;
        final SluiceClient client;
        final RecordProducer producer;
        /** The futures in sequence order; written by the sending thread, read after it ended. */
        final List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        /** Completed futures, counted on the callback thread, read by the test thread. */
        final AtomicLong acknowledged = new AtomicLong();
        /** Failed futures (the test expects none). */
        final AtomicLong failed = new AtomicLong();
        /** Records handed to send, read by the test thread while sending goes on. */
        private final AtomicLong sent = new AtomicLong();
        /** The sending thread's failure, if any. */
        final AtomicReference<Throwable> error = new AtomicReference<>();

        /** Bounds the records sent and not yet answered, so a stopped broker does not pile up work. */
        private final Semaphore unanswered = new Semaphore(MAX_UNANSWERED);

        private final Thread thread;
        private volatile boolean stopping;

        Sender(int id, SluiceClient client) {
            this.id = id;
            this.client = client;
            this.producer = client.createProducer(ProducerConfig.builder()
                    .lingerMs(2)
                    .batchSizeBytes(16 * 1024)
                    .defaultDurability(Durability.DURABLE)
                    .idempotence(true)
                    .maxBlockMs(300_000)
                    .deliveryTimeoutMs(300_000)
                    .retryBackoffMs(20)
                    .build());
            this.thread = new Thread(this::run, "crash-sender-" + id);
        }

        void start() {
            thread.start();
        }

        long sent() {
            return sent.get();
        }

        private void run() {
            Random choice = new Random(id);
            try {
                for (long seq = 0; !stopping; seq++) {
                    while (!unanswered.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        if (stopping) {
                            return;
                        }
                    }
                    ByteBuffer value =
                            ByteBuffer.allocate(VALUE_BYTES).putInt(id).putLong(seq);
                    CompletableFuture<RecordMetadata> f =
                            producer.send(TOPIC, choice.nextInt(PARTITIONS), null, value.array());
                    futures.add(f);
                    sent.incrementAndGet();
                    f.whenComplete((m, e) -> {
                        (e == null ? acknowledged : failed).incrementAndGet();
                        unanswered.release();
                    });
                    if (seq % 25 == 24) {
                        Thread.sleep(10);
                    }
                }
            } catch (Throwable e) {
                error.set(e);
            }
        }

        /** Stops sending and waits until every record sent is acknowledged (or failed). */
        void finish() throws InterruptedException {
            stopping = true;
            thread.join();
            assertThat(producer.flush(Duration.ofMinutes(5)))
                    .as("producer %d flushed", id)
                    .isTrue();
            producer.close();
        }
    }
}
