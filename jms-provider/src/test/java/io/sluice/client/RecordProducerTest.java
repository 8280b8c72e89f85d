package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.api.Durability;
import io.sluice.protocol.error.ErrorCode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordProducerTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private FakeBroker broker(String topic, int partitions) throws InterruptedException {
        FakeBroker broker = FakeBroker.start();
        broker.createTopic(topic, partitions);
        toClose.add(broker);
        return broker;
    }

    private SluiceClient connect(FakeBroker broker) {
        SluiceClient client = SluiceClient.connect(broker.clientConfig().build());
        toClose.add(client);
        return client;
    }

    private static byte[] number(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    private static int number(byte[] b) {
        return ByteBuffer.wrap(b).getInt();
    }

    private static List<Integer> numbers(List<byte[]> values) {
        List<Integer> n = new ArrayList<>();
        values.forEach(v -> n.add(number(v)));
        return n;
    }

    private static SluiceClientException failure(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            return ClientErrors.unwrap(e);
        }
        throw new AssertionError("the future succeeded");
    }

    private static ProducerConfig.Builder smallBatches() {
        return ProducerConfig.builder().batchSizeBytes(256).lingerMs(0);
    }

    /** Sends {@code count} numbered records round-robin over partitions; returns futures per partition. */
    private static Map<Integer, List<CompletableFuture<RecordMetadata>>> sendNumbered(
            RecordProducer producer, String topic, int partitions, int count) {
        Map<Integer, List<CompletableFuture<RecordMetadata>>> futures = new ConcurrentHashMap<>();
        for (int i = 0; i < count; i++) {
            int p = i % partitions;
            futures.computeIfAbsent(p, x -> new ArrayList<>()).add(producer.send(topic, p, null, number(i)));
        }
        return futures;
    }

    private static void assertExactlyOnceInOrder(FakeBroker broker, String topic, int partitions, int count) {
        for (int p = 0; p < partitions; p++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = p; i < count; i += partitions) {
                expected.add(i);
            }
            assertThat(numbers(broker.values(topic, p))).as("partition " + p).isEqualTo(expected);
        }
    }

    @Test
    void completionsFollowSendOrderWithConsecutiveOffsets() throws Exception {
        FakeBroker broker = broker("t", 3);
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(smallBatches().build());
        Map<Integer, List<Long>> completionOrder = new ConcurrentHashMap<>();
        for (int i = 0; i < 3000; i++) {
            int p = i % 3;
            producer.send("t", p, null, number(i)).thenAccept(m -> completionOrder
                    .computeIfAbsent(m.partition(), x -> Collections.synchronizedList(new ArrayList<>()))
                    .add(m.offset()));
        }
        producer.flush();

        for (int p = 0; p < 3; p++) {
            List<Long> expected = new ArrayList<>();
            for (long o = 0; o < 1000; o++) {
                expected.add(o);
            }
            assertThat(completionOrder.get(p)).as("partition " + p).isEqualTo(expected);
        }
        assertExactlyOnceInOrder(broker, "t", 3, 3000);
    }

    @Test
    void lingerGathersRecordsIntoOneBatch() throws Exception {
        FakeBroker broker = broker("t", 1);
        SluiceClient client = connect(broker);
        RecordProducer producer =
                client.createProducer(ProducerConfig.builder().lingerMs(500).build());
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(producer.send("t", 0, null, number(i)));
        }
        producer.flush();
        assertThat(sent).allMatch(CompletableFuture::isDone);
        assertThat(broker.batchCount("t", 0)).isEqualTo(1);
        assertThat(sent.get(19).join().offset()).isEqualTo(19);
    }

    @Test
    void aFullBatchIsSentWithoutWaitingForLinger() throws Exception {
        FakeBroker broker = broker("t", 1);
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(
                ProducerConfig.builder().lingerMs(60_000).batchSizeBytes(1024).build());
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sent.add(producer.send("t", 0, null, new byte[300]));
        }
        sent.get(0).get(10, TimeUnit.SECONDS);
        assertThat(broker.batchCount("t", 0)).isGreaterThanOrEqualTo(1);
        assertThat(sent.get(7)).isNotDone();
    }

    @Test
    void eachRequestCarriesOneDurability() throws Exception {
        FakeBroker broker = broker("t", 1);
        SluiceClient client = connect(broker);
        RecordProducer producer =
                client.createProducer(ProducerConfig.builder().lingerMs(200).build());
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Durability d = i % 2 == 0 ? Durability.DURABLE : Durability.APPENDED;
            sent.add(producer.send(new ProducerRecord("t", 0, null, number(i), List.of(), (byte) 0, d, null)));
        }
        producer.flush();
        assertThat(broker.batchCount("t", 0)).isEqualTo(6);
        assertThat(broker.produceRequests()).isEqualTo(6);
        assertThat(numbers(broker.values("t", 0))).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void keyedRecordsShareAPartition() throws Exception {
        FakeBroker broker = broker("t", 4);
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(smallBatches().build());
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            partitions.add(producer.send(ProducerRecord.of("t", "customer-7".getBytes(), number(i)))
                    .join()
                    .partition());
        }
        assertThat(partitions).containsExactly(Partitioner.keyPartition("customer-7".getBytes(), 4));
    }

    @Test
    void aTopicThatDoesNotExistFailsTheSend() throws Exception {
        FakeBroker broker = broker("t", 1);
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(smallBatches().build());
        SluiceClientException e = failure(producer.send(ProducerRecord.of("nope", number(1))));
        assertThat(e.error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        SluiceClientException explicit = failure(producer.send("nope", 0, null, number(1)));
        assertThat(explicit.error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        assertThat(producer.send("t", 0, null, number(2)).join().offset()).isZero();
    }

    @Test
    void aRecordLargerThanTheBrokersFrameLimitFailsAtOnce() throws Exception {
        FakeBroker broker = broker("t", 1);
        broker.maxFrameBytes = 4096;
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(smallBatches().build());
        SluiceClientException e = failure(producer.send("t", 0, null, new byte[5000]));
        assertThat(e.error()).isEqualTo(ErrorCode.RECORD_TOO_LARGE);
        assertThat(e.getMessage()).contains("maxFrameBytes");
    }

    @Test
    void exhaustedBufferMemoryFailsAfterMaxBlockMs() throws Exception {
        FakeBroker broker = broker("t", 1);
        broker.produceFault = n -> FakeBroker.Fault.IGNORE;
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(ProducerConfig.builder()
                .batchSizeBytes(1024)
                .bufferMemoryBytes(2048)
                .maxBlockMs(300)
                .lingerMs(0)
                .build());
        producer.send("t", 0, null, new byte[900]);
        producer.send("t", 0, null, new byte[900]);
        long start = System.nanoTime();
        SluiceClientException e = failure(producer.send("t", 0, null, new byte[900]));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(e.error()).isEqualTo(ErrorCode.RESOURCE_LIMIT_EXCEEDED);
        assertThat(e.getMessage()).contains("maxBlockMs");
        assertThat(waitedMs).isGreaterThanOrEqualTo(250);
        assertThat(producer.availableBufferBytes()).isZero();
    }

    @Test
    void memoryFreedByAcknowledgementsUnblocksASender() throws Exception {
        FakeBroker broker = broker("t", 1);
        broker.produceDelayMs = 200;
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(ProducerConfig.builder()
                .batchSizeBytes(1024)
                .bufferMemoryBytes(2048)
                .maxBlockMs(10_000)
                .lingerMs(0)
                .build());
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(producer.send("t", 0, null, new byte[900]));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(sent.get(i).get(10, TimeUnit.SECONDS).offset()).isEqualTo(i);
        }
        assertThat(producer.availableBufferBytes()).isEqualTo(2048);
    }

    @Test
    void resendsAfterDroppedConnectionsLeaveNoDuplicatesAndNoGaps() throws Exception {
        FakeBroker broker = broker("t", 3);
        broker.produceFault = n -> n % 7 == 0
                ? FakeBroker.Fault.DROP_AFTER
                : n % 11 == 0 ? FakeBroker.Fault.DROP_BEFORE : FakeBroker.Fault.NONE;
        broker.produceDelayMs = 2;
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(smallBatches().build());

        Map<Integer, List<CompletableFuture<RecordMetadata>>> futures = sendNumbered(producer, "t", 3, 3000);
        producer.flush();

        for (List<CompletableFuture<RecordMetadata>> partition : futures.values()) {
            for (int i = 0; i < partition.size(); i++) {
                assertThat(partition.get(i).join().offset()).isEqualTo(i);
            }
        }
        assertExactlyOnceInOrder(broker, "t", 3, 3000);
        assertThat(broker.handshakes()).isGreaterThan(5);
    }

    @Test
    void answersOvertakingADurableBatchNeverPushItOutOfTheBrokersResendWindow() throws Exception {
        FakeBroker broker = broker("t", 1);
        broker.durableDelayMs = 40;
        broker.produceFault = n -> n % 9 == 0 ? FakeBroker.Fault.DROP_AFTER : FakeBroker.Fault.NONE;
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(smallBatches().build());
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Durability d = i % 2 == 0 ? Durability.DURABLE : Durability.APPENDED;
            sent.add(producer.send(new ProducerRecord("t", 0, null, number(i), List.of(), (byte) 0, d, null)));
        }
        producer.flush();
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i).join().offset()).isEqualTo(i);
        }
        assertExactlyOnceInOrder(broker, "t", 1, 400);
        assertThat(producer.producerId()).as("no identity reset was needed").isEqualTo(1000L);
    }

    @Test
    void aBatchTheBrokerRefusesFailsAloneAndLaterBatchesAreRenumbered() throws Exception {
        FakeBroker broker = broker("t", 1);
        broker.produceDelayMs = 20;
        broker.partitionFault = (n, tp) ->
                n == 3 ? new FakeBroker.PartitionFault(ErrorCode.RECORD_TOO_LARGE, "too large for the topic") : null;
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(
                ProducerConfig.builder().batchSizeBytes(128).lingerMs(0).build());
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(producer.send("t", 0, null, number(i)));
        }
        producer.flush();

        List<Integer> refused = new ArrayList<>();
        List<Integer> stored = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).isCompletedExceptionally()) {
                assertThat(failure(sent.get(i)).error()).isEqualTo(ErrorCode.RECORD_TOO_LARGE);
                refused.add(i);
            } else {
                stored.add(i);
            }
        }
        assertThat(refused).isNotEmpty();
        assertThat(numbers(broker.values("t", 0))).isEqualTo(stored);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(sent.get(stored.get(i)).join().offset()).isEqualTo(i);
        }
    }

    @Test
    void anOutOfOrderSequenceOnTheOldestBatchMakesTheProducerTakeANewIdentity() throws Exception {
        FakeBroker broker = broker("t", 2);
        AtomicBoolean injected = new AtomicBoolean();
        broker.partitionFault = (n, tp) -> n >= 3 && tp.equals("t-1") && injected.compareAndSet(false, true)
                ? new FakeBroker.PartitionFault(ErrorCode.OUT_OF_ORDER_SEQUENCE, "expected 12, got 7")
                : null;
        SluiceClient client = connect(broker);
        RecordProducer producer =
                client.createProducer(smallBatches().maxInFlightRequests(1).build());
        long firstId = producer.producerId();

        Map<Integer, List<CompletableFuture<RecordMetadata>>> futures = sendNumbered(producer, "t", 2, 400);
        producer.flush();

        futures.values().forEach(list -> list.forEach(CompletableFuture::join));
        assertThat(producer.producerId()).isNotEqualTo(firstId);
        assertExactlyOnceInOrder(broker, "t", 2, 400);
    }

    @Test
    void unknownProducerIdMakesTheProducerTakeANewIdentity() throws Exception {
        FakeBroker broker = broker("t", 1);
        broker.partitionFault = (n, tp) ->
                n == 2 ? new FakeBroker.PartitionFault(ErrorCode.UNKNOWN_PRODUCER_ID, "producer state expired") : null;
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(smallBatches().build());
        long firstId = producer.producerId();

        Map<Integer, List<CompletableFuture<RecordMetadata>>> futures = sendNumbered(producer, "t", 1, 300);
        producer.flush();

        futures.get(0).forEach(CompletableFuture::join);
        assertThat(producer.producerId()).isNotEqualTo(firstId);
        assertExactlyOnceInOrder(broker, "t", 1, 300);
    }

    @Test
    void aFencedProducerFailsEveryUnacknowledgedAndLaterSend() throws Exception {
        FakeBroker broker = broker("t", 1);
        SluiceClient client = connect(broker);
        RecordProducer old = client.createProducer(
                smallBatches().producerName("orders-writer").build());
        assertThat(old.send("t", 0, null, number(1)).join().offset()).isZero();

        RecordProducer newer = client.createProducer(
                smallBatches().producerName("orders-writer").build());
        assertThat(newer.producerEpoch()).isEqualTo((short) (old.producerEpoch() + 1));
        assertThat(newer.send("t", 0, null, number(2)).join().offset()).isEqualTo(1);

        SluiceClientException e = failure(old.send("t", 0, null, number(3)));
        assertThat(e.error()).isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(failure(old.send("t", 0, null, number(4))).error()).isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(old.isClosed()).isTrue();
        assertThat(newer.send("t", 0, null, number(5)).join().offset()).isEqualTo(2);
    }

    @Test
    void recordsThatCannotBeSentFailAfterTheDeliveryTimeout() throws Exception {
        FakeBroker broker = broker("t", 1);
        SluiceClient client = SluiceClient.connect(
                broker.clientConfig().reconnectTimeoutMs(60_000).build());
        toClose.add(client);
        RecordProducer producer =
                client.createProducer(smallBatches().deliveryTimeoutMs(500).build());
        broker.close();
        toClose.remove(broker);
        Thread.sleep(100);

        CompletableFuture<RecordMetadata> sent = producer.send("t", 0, null, number(1));
        SluiceClientException e = failure(sent);
        assertThat(e.error()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(e.getMessage()).contains("deliveryTimeoutMs", "does not hold it");
    }

    @Test
    void givingUpReconnectingFailsUnacknowledgedSends() throws Exception {
        FakeBroker broker = broker("t", 1);
        broker.produceFault = n -> FakeBroker.Fault.IGNORE;
        SluiceClient client = SluiceClient.connect(broker.clientConfig()
                .reconnectMaxAttempts(2)
                .reconnectBackoffMs(10)
                .build());
        toClose.add(client);
        RecordProducer producer = client.createProducer(smallBatches().build());
        CompletableFuture<RecordMetadata> sent = producer.send("t", 0, null, number(1));
        Thread.sleep(200);
        broker.close();
        toClose.remove(broker);

        SluiceClientException e = failure(sent);
        assertThat(e.error()).isEqualTo(ErrorCode.CONNECTION_LOST);
        assertThat(e.getMessage()).contains("gave up");
        assertThat(failure(producer.send("t", 0, null, number(2))).error()).isEqualTo(ErrorCode.CONNECTION_LOST);
    }

    @Test
    void closeWithATimeoutFailsWhatIsStillUnanswered() throws Exception {
        FakeBroker broker = broker("t", 1);
        broker.produceFault = n -> FakeBroker.Fault.IGNORE;
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(smallBatches().build());
        CompletableFuture<RecordMetadata> sent = producer.send("t", 0, null, number(1));

        producer.close(Duration.ofMillis(200));

        SluiceClientException e = failure(sent);
        assertThat(e.error()).isEqualTo(ErrorCode.ILLEGAL_STATE);
        assertThat(failure(producer.send("t", 0, null, number(2))).getMessage()).contains("closed");
    }

    @Test
    void flushFromACallbackIsRefused() throws Exception {
        FakeBroker broker = broker("t", 1);
        SluiceClient client = connect(broker);
        RecordProducer producer = client.createProducer(smallBatches().build());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        producer.send("t", 0, null, number(1))
                .thenRun(() -> {
                    try {
                        producer.flush();
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                })
                .join();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("callback");
    }

    @Test
    void invalidRecordsAreRejectedBeforeSending() {
        assertThatThrownBy(() -> new ProducerRecord("", null, null, null, null, (byte) 0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProducerRecord.of("t", -1, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition");
    }
}
