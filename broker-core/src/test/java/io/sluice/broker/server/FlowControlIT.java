package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flow control: produce data in flight is bounded per connection and broker-wide (BLOCK slows the
 * producer down, FAIL refuses it), and pushes wait while a consumer's connection does not drain.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FlowControlIT {
    private static final int FRAME_VALUE_BYTES = 100 * 1024;
    private static final long CONNECTION_LIMIT = 256 * 1024;
    private static final long BROKER_LIMIT = 1024 * 1024;

    @TempDir
    Path dataDir;

    private SluiceBroker start(ProduceMemory.Policy policy, long connectionLimit) throws IOException {
        SluiceBroker broker = SluiceBroker.start(BrokerConfig.forTesting(dataDir)
                .produceMemoryBytes(BROKER_LIMIT)
                .produceMemoryConnectionBytes(connectionLimit)
                .produceMemoryPolicy(policy)
                .writeBufferBytes(64 * 1024)
                .build());
        try (FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            // Durable produces wait a second for their fsync, so their frames stay in flight.
            c.call(
                    ApiKey.CREATE_TOPIC,
                    new CreateTopicRequest("slow", 1, Map.of("flush.linger.ms", "1000")),
                    Empty::read);
        }
        return broker;
    }

    private static ByteBuf bigBatch() {
        return Batches.plain(1L, "x".repeat(FRAME_VALUE_BYTES));
    }

    /** Pipelines {@code n} durable produce frames, then collects every answer. */
    private static List<ErrorCode> pipeline(FrameClient c, int n) throws IOException {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(c.send(ApiKey.PRODUCE, Produce.request("slow", 0, bigBatch())));
        }
        List<ErrorCode> errors = new ArrayList<>();
        for (int id : ids) {
            FrameClient.Response r = c.awaitResponse(id);
            errors.add(
                    r.error() == ErrorCode.NONE
                            ? r.read(ProduceResponse::read)
                                    .topics()
                                    .get(0)
                                    .partitions()
                                    .get(0)
                                    .error()
                            : r.error());
            if (r.error() == ErrorCode.RESOURCE_LIMIT_EXCEEDED) {
                assertThat(r.header().errorMessage()).contains("produce.memory.connection.bytes");
            }
        }
        return errors;
    }

    @Test
    void blockSlowsAProducerThatOutrunsTheBrokerAndLosesNothing() throws IOException {
        try (SluiceBroker broker = start(ProduceMemory.Policy.BLOCK, CONNECTION_LIMIT);
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            List<ErrorCode> errors = pipeline(c, 10);
            assertThat(errors).containsOnly(ErrorCode.NONE);
            assertThat(Produce.fetchAll(c, "slow", 0)).hasSize(10);
            // Reading stopped at the connection's budget: at most one read beyond it was in flight.
            assertThat(broker.produceMemory().peakBytes())
                    .isLessThanOrEqualTo(CONNECTION_LIMIT + 2 * FRAME_VALUE_BYTES);
            assertThat(broker.produceMemory().usedBytes()).isZero();
        }
    }

    @Test
    void failRefusesWhatDoesNotFitAtOnce() throws IOException {
        try (SluiceBroker broker = start(ProduceMemory.Policy.FAIL, CONNECTION_LIMIT);
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            long start = System.nanoTime();
            List<ErrorCode> errors = pipeline(c, 10);
            assertThat(errors).contains(ErrorCode.NONE, ErrorCode.RESOURCE_LIMIT_EXCEEDED);
            assertThat(errors).containsOnly(ErrorCode.NONE, ErrorCode.RESOURCE_LIMIT_EXCEEDED);
            assertThat(errors.get(0)).isEqualTo(ErrorCode.NONE);
            long stored = errors.stream().filter(e -> e == ErrorCode.NONE).count();
            assertThat(Produce.fetchAll(c, "slow", 0)).hasSize((int) stored);
            assertThat(broker.produceMemory().peakBytes())
                    .isGreaterThan(FRAME_VALUE_BYTES)
                    .isLessThanOrEqualTo(CONNECTION_LIMIT);
            assertThat(broker.produceMemory().usedBytes()).isZero();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                    .isLessThan(30);
        }
    }

    @Test
    void theBrokerWideBudgetHoldsAcrossConnections() throws Exception {
        try (SluiceBroker broker = start(ProduceMemory.Policy.BLOCK, 512 * 1024)) {
            List<FrameClient> clients = new ArrayList<>();
            List<List<Integer>> sent = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    FrameClient c = FrameClient.connect(broker.port(), null, null);
                    clients.add(c);
                    List<Integer> ids = new ArrayList<>();
                    for (int f = 0; f < 5; f++) {
                        ids.add(c.send(ApiKey.PRODUCE, Produce.request("slow", 0, bigBatch())));
                    }
                    sent.add(ids);
                }
                for (int i = 0; i < 4; i++) {
                    for (int id : sent.get(i)) {
                        assertThat(clients.get(i).awaitResponse(id).error()).isEqualTo(ErrorCode.NONE);
                    }
                }
            } finally {
                for (FrameClient c : clients) {
                    c.close();
                }
            }
            // At most one frame (or one socket read) per connection beyond the broker-wide budget.
            assertThat(broker.produceMemory().peakBytes())
                    .isLessThanOrEqualTo(BROKER_LIMIT + 4 * 2 * FRAME_VALUE_BYTES);
        }
    }

    @Test
    void aConsumerThatDoesNotReadStopsGettingPushesAndOthersGetTheRest() throws Exception {
        int messages = 4000;
        String body = "m".repeat(8 * 1024);
        try (SluiceBroker broker = start(ProduceMemory.Policy.BLOCK, CONNECTION_LIMIT);
                DeliveryClient healthy = DeliveryClient.connect(broker.port());
                Socket stalled = new Socket()) {
            healthy.resolve("backlog", io.sluice.protocol.message.DestinationKind.QUEUE);
            // The stalled consumer: huge credit, a small receive buffer, and it never reads.
            stalled.setReceiveBufferSize(16 * 1024);
            stalled.connect(new InetSocketAddress("127.0.0.1", broker.port()), 5_000);
            FrameClient stalledFrames = FrameClient.over(stalled);
            stalledFrames.handshake(null, null);
            assertThat(stalledFrames
                            .request(ApiKey.CREATE_CONSUMER, DeliveryClient.queueConsumer(1, "backlog", 1_000_000))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            healthy.createConsumer(DeliveryClient.queueConsumer(1, "backlog", messages));
            try (DeliveryClient producer = DeliveryClient.connect(broker.port())) {
                for (int i = 0; i < messages; i += 100) {
                    List<JmsRecords.Msg> batch = new ArrayList<>();
                    for (int k = 0; k < 100; k++) {
                        batch.add(JmsRecords.text(body));
                    }
                    producer.send("backlog", 0, batch);
                }
            }
            // A quiet gap of 10 s ends it: on a loaded machine pushes may pause for seconds.
            int received = healthy.receiveAll(10_000).size();
            // Without back-pressure the stalled consumer takes every other message (round robin).
            assertThat(received).isGreaterThan(messages * 7 / 10);
        }
    }
}
