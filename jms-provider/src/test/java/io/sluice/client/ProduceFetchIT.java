package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.FetchRequest;
import io.sluice.protocol.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Producing and fetching through a real broker over TCP. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProduceFetchIT {
    @TempDir
    Path dir;

    private SluiceBroker broker;
    private SluiceClient client;

    @BeforeEach
    void start() {
        broker = SluiceBroker.start(BrokerConfig.forTesting(dir).build());
        client = SluiceClient.connect(
                ClientConfig.builder().host("127.0.0.1").port(broker.port()).build());
    }

    @AfterEach
    void stop() {
        client.close();
        broker.close();
    }

    private static byte[] number(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    @Test
    void recordsOfEachPartitionAreStoredAndReadInSendOrder() {
        client.admin().createTopic("orders", 4, Map.of()).join();
        RecordProducer producer =
                client.createProducer(ProducerConfig.builder().lingerMs(2).build());
        Map<Integer, List<Integer>> sentPerPartition = new HashMap<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            byte[] key = ("customer-" + (i % 13)).getBytes(StandardCharsets.UTF_8);
            Durability durability = i % 3 == 0 ? Durability.APPENDED : Durability.DURABLE;
            futures.add(
                    producer.send(ProducerRecord.of("orders", key, number(i)).withDurability(durability)));
        }
        producer.flush();
        for (int i = 0; i < futures.size(); i++) {
            RecordMetadata m = futures.get(i).join();
            sentPerPartition
                    .computeIfAbsent(m.partition(), p -> new ArrayList<>())
                    .add(i);
        }
        assertThat(sentPerPartition.keySet()).hasSizeGreaterThan(1);

        RecordConsumer consumer = client.createConsumer(ConsumerConfig.defaults());
        for (int p = 0; p < 4; p++) {
            consumer.assign(new TopicPartition("orders", p), RecordConsumer.EARLIEST);
        }
        Map<Integer, List<Integer>> readPerPartition = new HashMap<>();
        Map<Integer, Long> lastOffset = new HashMap<>();
        int read = 0;
        while (read < 4_000) {
            for (ConsumerRecord r : consumer.poll(Duration.ofSeconds(5))) {
                readPerPartition
                        .computeIfAbsent(r.partition(), p -> new ArrayList<>())
                        .add(ByteBuffer.wrap(r.value()).getInt());
                Long previous = lastOffset.put(r.partition(), r.offset());
                assertThat(r.offset()).isEqualTo(previous == null ? 0 : previous + 1);
                read++;
            }
        }
        assertThat(readPerPartition).isEqualTo(sentPerPartition);
        assertThat(consumer.poll(Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void aFetchFromTheMiddleOfABatchSkipsEarlierRecords() {
        client.admin().createTopic("t", 1, Map.of()).join();
        RecordProducer producer =
                client.createProducer(ProducerConfig.builder().lingerMs(100).build());
        for (int i = 0; i < 10; i++) {
            producer.send("t", 0, null, number(i));
        }
        producer.flush();

        FetchResult result = client.fetch(new FetchRequest(
                        0,
                        1,
                        1 << 20,
                        List.of(new FetchRequest.TopicFetch(
                                "t", List.of(new FetchRequest.PartitionFetch(0, 7, 1 << 20))))))
                .join();
        PartitionRecords p = result.partition(new TopicPartition("t", 0));
        assertThat(p.error()).isEqualTo(ErrorCode.NONE);
        assertThat(p.records()).extracting(ConsumerRecord::offset).containsExactly(7L, 8L, 9L);
        assertThat(p.nextOffset()).isEqualTo(10);
        assertThat(p.highWatermark()).isEqualTo(10);
    }

    @Test
    void aLongPollWakesUpWhenARecordArrives() throws Exception {
        client.admin().createTopic("t", 2, Map.of()).join();
        RecordConsumer consumer = client.createConsumer(
                ConsumerConfig.builder().fetchMaxWaitMs(20_000).build());
        consumer.assign(new TopicPartition("t", 0), RecordConsumer.LATEST);
        consumer.assign(new TopicPartition("t", 1), RecordConsumer.LATEST);
        RecordProducer producer =
                client.createProducer(ProducerConfig.builder().lingerMs(0).build());

        CompletableFuture<List<ConsumerRecord>> polled =
                CompletableFuture.supplyAsync(() -> consumer.poll(Duration.ofSeconds(30)));
        Thread.sleep(500);
        assertThat(polled).isNotDone();
        long sentAt = System.nanoTime();
        producer.send("t", 1, null, "wake up".getBytes(StandardCharsets.UTF_8)).join();
        List<ConsumerRecord> records = polled.get(15, TimeUnit.SECONDS);
        long wokeAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);

        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("wake up");
        // Far below the 20 s the broker could have held the fetch: the append woke it.
        assertThat(wokeAfterMs).isLessThan(10_000);
    }

    @Test
    void fetchingPastTheEndOfTheLogFailsWithItsCode() {
        client.admin().createTopic("t", 1, Map.of()).join();
        RecordConsumer consumer = client.createConsumer(ConsumerConfig.defaults());
        consumer.assign(new TopicPartition("t", 0), 1_000);
        SluiceClientException e = org.junit.jupiter.api.Assertions.assertThrows(
                SluiceClientException.class, () -> consumer.poll(Duration.ofSeconds(5)));
        assertThat(e.error()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
    }
}
