package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.protocol.api.Durability;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's connection is cut again and again while it sends; it reconnects and re-sends its
 * unacknowledged batches, and a fresh consumer finds every record exactly once, in send order.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ProducerReconnectIT {
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 30_000;

    @TempDir
    Path dir;

    @Test
    void cutsMidStreamLeaveNoDuplicatesAndNoGaps() throws Exception {
        try (SluiceBroker broker =
                SluiceBroker.start(BrokerConfig.forTesting(dir).build())) {
            ClientConfig config = ClientConfig.builder()
                    .host("127.0.0.1")
                    .port(broker.port())
                    .reconnectBackoffMs(5)
                    .reconnectBackoffMaxMs(50)
                    .build();
            List<List<CompletableFuture<RecordMetadata>>> sent = new ArrayList<>();
            AtomicInteger reconnects = new AtomicInteger();
            try (SluiceClient client = SluiceClient.connect(config)) {
                client.admin().createTopic("orders", PARTITIONS, Map.of()).join();
                client.addConnectionListener(new ConnectionListener() {
                    @Override
                    public void onReconnected(ConnectionInfo connection) {
                        reconnects.incrementAndGet();
                    }
                });
                RecordProducer producer = client.createProducer(ProducerConfig.builder()
                        .lingerMs(1)
                        .batchSizeBytes(4 * 1024)
                        .build());
                for (int p = 0; p < PARTITIONS; p++) {
                    sent.add(new ArrayList<>());
                }
                AtomicBoolean sending = new AtomicBoolean(true);
                Thread cutter = new Thread(() -> {
                    while (sending.get()) {
                        sleep(ThreadLocalRandom.current().nextInt(20, 120));
                        client.dropConnection();
                    }
                });
                cutter.start();
                try {
                    for (int i = 0; i < RECORDS; i++) {
                        Durability d = i % 2 == 0 ? Durability.DURABLE : Durability.APPENDED;
                        ProducerRecord r = ProducerRecord.of("orders", i % PARTITIONS, null, value(i))
                                .withDurability(d);
                        sent.get(i % PARTITIONS).add(producer.send(r));
                        if (i % 1000 == 0) {
                            Thread.sleep(20);
                        }
                    }
                    producer.flush();
                } finally {
                    sending.set(false);
                    cutter.join();
                }
                for (List<CompletableFuture<RecordMetadata>> partition : sent) {
                    for (int n = 0; n < partition.size(); n++) {
                        assertThat(partition.get(n).join().offset()).isEqualTo(n);
                    }
                }
            }
            assertThat(reconnects.get()).as("connection cuts").isGreaterThan(5);
            assertEveryRecordOnceInOrder(broker.port());
        }
    }

    private static void assertEveryRecordOnceInOrder(int port) {
        try (SluiceClient reader = SluiceClient.connect(
                ClientConfig.builder().host("127.0.0.1").port(port).build())) {
            RecordConsumer consumer = reader.createConsumer(ConsumerConfig.defaults());
            List<List<Integer>> read = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                consumer.assign(new TopicPartition("orders", p), RecordConsumer.EARLIEST);
                read.add(new ArrayList<>());
            }
            // Until every record is read or nothing arrives for 30 s (a loaded machine can take
            // seconds for the first fetch), then a last poll for anything stored twice.
            int total = 0;
            long idleSince = System.nanoTime();
            while (total < RECORDS && System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(30)) {
                List<ConsumerRecord> batch = consumer.poll(Duration.ofSeconds(1));
                for (ConsumerRecord r : batch) {
                    read.get(r.partition()).add(ByteBuffer.wrap(r.value()).getInt());
                    total++;
                    idleSince = System.nanoTime();
                }
            }
            for (ConsumerRecord r : consumer.poll(Duration.ofSeconds(2))) {
                read.get(r.partition()).add(ByteBuffer.wrap(r.value()).getInt());
            }
            for (int p = 0; p < PARTITIONS; p++) {
                List<Integer> expected = new ArrayList<>();
                for (int i = p; i < RECORDS; i += PARTITIONS) {
                    expected.add(i);
                }
                assertThat(read.get(p)).as("partition " + p).isEqualTo(expected);
            }
        }
    }

    private static byte[] value(int i) {
        return ByteBuffer.allocate(100).putInt(i).array();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
