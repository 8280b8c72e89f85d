package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.DescribeTopicRequest;
import io.sluice.protocol.api.DescribeTopicResponse;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.FetchRequest;
import io.sluice.protocol.api.FetchResponse;
import io.sluice.protocol.api.ListOffsetsRequest;
import io.sluice.protocol.api.ListOffsetsResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Produce, fetch (including long polls) and list offsets over real TCP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProduceFetchIT {
    @TempDir
    static Path dataDir;

    private static SluiceBroker broker;

    @BeforeAll
    static void start() {
        broker = SluiceBroker.start(BrokerConfig.forTesting(dataDir).build());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static void createTopic(FrameClient c, String name, int partitions, Map<String, String> configs)
            throws IOException {
        assertThat(c.request(ApiKey.CREATE_TOPIC, new CreateTopicRequest(name, partitions, configs))
                        .error())
                .isEqualTo(ErrorCode.NONE);
    }

    @Test
    void produceAndFetchAcrossPartitionsKeepsOrderPerPartition() throws IOException {
        try (FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            createTopic(c, "orders", 3, Map.of());
            long[] next = new long[3];
            for (int i = 0; i < 30; i++) {
                int partition = i % 3;
                ProduceResponse.PartitionResult r =
                        Produce.send(c, "orders", partition, Batches.plain(1_000L + i, "m" + i + "a", "m" + i + "b"));
                assertThat(r.error()).isEqualTo(ErrorCode.NONE);
                assertThat(r.baseOffset()).isEqualTo(next[partition]);
                assertThat(r.lastOffset()).isEqualTo(next[partition] + 1);
                next[partition] += 2;
            }
            for (int partition = 0; partition < 3; partition++) {
                List<String> values = Produce.fetchAll(c, "orders", partition).stream()
                        .map(Batches.Fetched::value)
                        .toList();
                List<String> expected = new ArrayList<>();
                for (int i = partition; i < 30; i += 3) {
                    expected.add("m" + i + "a");
                    expected.add("m" + i + "b");
                }
                assertThat(values).containsExactlyElementsOf(expected);
            }
            // A fetch from the middle of a batch skips nothing it should return.
            assertThat(Produce.fetch(c, "orders", 0, 1).get(0).value()).isEqualTo("m0b");
        }
    }

    @Test
    void longPollWakesUpWhenDataArrives() throws Exception {
        try (FrameClient consumer = FrameClient.connect(broker.port(), null, null);
                FrameClient producer = FrameClient.connect(broker.port(), null, null)) {
            createTopic(producer, "events", 2, Map.of());
            long start = System.nanoTime();
            int correlationId = consumer.send(
                    ApiKey.FETCH,
                    new FetchRequest(
                            30_000,
                            1,
                            1024 * 1024,
                            List.of(new FetchRequest.TopicFetch(
                                    "events",
                                    List.of(
                                            new FetchRequest.PartitionFetch(0, 0, 1024 * 1024),
                                            new FetchRequest.PartitionFetch(1, 0, 1024 * 1024))))));
            Thread.sleep(300);
            assertThat(Produce.send(producer, "events", 1, Batches.plain(5L, "hello"))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            FrameClient.Response response = consumer.receive();
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(response.header().correlationId()).isEqualTo(correlationId);
            FetchResponse fetch = response.read(FetchResponse::read);
            FetchResponse.PartitionData p1 = fetch.topics().get(0).partitions().get(1);
            assertThat(Batches.records(p1.records(), 0))
                    .extracting(Batches.Fetched::value)
                    .containsExactly("hello");
            assertThat(p1.highWatermark()).isEqualTo(1);
            assertThat(elapsedMs).isGreaterThanOrEqualTo(250).isLessThan(15_000);
        }
    }

    @Test
    void longPollAnswersEmptyAfterMaxWait() throws IOException {
        try (FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            createTopic(c, "quiet", 1, Map.of());
            long start = System.nanoTime();
            FetchResponse response =
                    c.call(ApiKey.FETCH, Produce.fetchRequest("quiet", 0, 0, 400, 1), FetchResponse::read);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(response.topics().get(0).partitions().get(0).records().readableBytes())
                    .isZero();
            assertThat(elapsedMs).isGreaterThanOrEqualTo(350);
        }
    }

    @Test
    void fetchErrorsArePerPartition() throws IOException {
        try (FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            createTopic(c, "small", 1, Map.of());
            Produce.send(c, "small", 0, Batches.plain(1L, "x"));
            FetchResponse beyond = c.call(ApiKey.FETCH, Produce.fetchRequest("small", 0, 5, 0, 0), FetchResponse::read);
            FetchResponse.PartitionData data =
                    beyond.topics().get(0).partitions().get(0);
            assertThat(data.error()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
            assertThat(data.highWatermark()).isEqualTo(1);
            FetchResponse unknown =
                    c.call(ApiKey.FETCH, Produce.fetchRequest("nope", 0, 0, 5_000, 1), FetchResponse::read);
            assertThat(unknown.topics().get(0).partitions().get(0).error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            FetchResponse badPartition =
                    c.call(ApiKey.FETCH, Produce.fetchRequest("small", 4, 0, 0, 0), FetchResponse::read);
            assertThat(badPartition.topics().get(0).partitions().get(0).error()).isEqualTo(ErrorCode.UNKNOWN_PARTITION);
        }
    }

    @Test
    void produceErrorsArePerPartition() throws IOException {
        try (FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            createTopic(c, "strict", 1, Map.of("max.batch.bytes", "200"));
            assertThat(Produce.send(c, "missing", 0, Batches.plain(1L, "x")).error())
                    .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(Produce.send(c, "strict", 3, Batches.plain(1L, "x")).error())
                    .isEqualTo(ErrorCode.UNKNOWN_PARTITION);
            ProduceResponse.PartitionResult tooLarge = Produce.send(c, "strict", 0, Batches.plain(1L, "y".repeat(300)));
            assertThat(tooLarge.error()).isEqualTo(ErrorCode.RECORD_TOO_LARGE);
            assertThat(tooLarge.errorMessage()).contains("max.batch.bytes");
            var corrupt = Batches.plain(1L, "z");
            corrupt.setByte(corrupt.writerIndex() - 1, corrupt.getByte(corrupt.writerIndex() - 1) + 1);
            assertThat(Produce.send(c, "strict", 0, corrupt).error()).isEqualTo(ErrorCode.CORRUPT_RECORD);
            // Nothing was appended by the failures.
            assertThat(Produce.fetchAll(c, "strict", 0)).isEmpty();
            FrameClient.Response invalid =
                    c.request(ApiKey.PRODUCE, new ProduceRequest(Durability.DURABLE, 0, List.of()));
            assertThat(invalid.error()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }

    @Test
    void listOffsetsFindsEarliestLatestAndByTime() throws IOException {
        try (FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            createTopic(c, "timed", 1, Map.of());
            Produce.send(c, "timed", 0, Batches.plain(1_000L, "a", "b"));
            Produce.send(c, "timed", 0, Batches.plain(2_000L, "c"));
            Produce.send(c, "timed", 0, Batches.plain(3_000L, "d"));
            ListOffsetsResponse response = c.call(
                    ApiKey.LIST_OFFSETS,
                    new ListOffsetsRequest(List.of(new ListOffsetsRequest.TopicQuery(
                            "timed",
                            List.of(
                                    new ListOffsetsRequest.PartitionQuery(0, ListOffsetsRequest.EARLIEST),
                                    new ListOffsetsRequest.PartitionQuery(0, ListOffsetsRequest.LATEST),
                                    new ListOffsetsRequest.PartitionQuery(0, 1_500L),
                                    new ListOffsetsRequest.PartitionQuery(0, 9_000L))))),
                    ListOffsetsResponse::read);
            List<ListOffsetsResponse.PartitionOffset> offsets =
                    response.topics().get(0).partitions();
            assertThat(offsets)
                    .extracting(ListOffsetsResponse.PartitionOffset::offset)
                    .containsExactly(0L, 4L, 2L, 4L);
            assertThat(offsets.get(2).timestamp()).isEqualTo(2_000L);
            assertThat(offsets.get(3).timestamp()).isEqualTo(-1L);

            DescribeTopicResponse describe =
                    c.call(ApiKey.DESCRIBE_TOPIC, new DescribeTopicRequest("timed"), DescribeTopicResponse::read);
            DescribeTopicResponse.PartitionState state = describe.partitions().get(0);
            assertThat(state.highWatermark()).isEqualTo(4);
            assertThat(state.logEndOffset()).isEqualTo(4);
            assertThat(state.sizeBytes()).isPositive();
            assertThat(describe.configs()).containsEntry("type", "topic").containsKey("retention.ms");
            assertThat(c.request(ApiKey.DESCRIBE_TOPIC, new DescribeTopicRequest("nope"))
                            .error())
                    .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        }
    }
}
