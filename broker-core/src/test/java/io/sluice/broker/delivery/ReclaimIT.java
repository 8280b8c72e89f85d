package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.DescribeTopicRequest;
import io.sluice.protocol.api.DescribeTopicResponse;
import io.sluice.protocol.api.Empty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is acknowledged is given back: a queue's acknowledged prefix of segments is deleted, and
 * cursor-log segments no snapshot needs any more are deleted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReclaimIT {
    @TempDir
    Path dir;

    private SluiceBroker broker;

    @BeforeEach
    void start() {
        broker = SluiceBroker.start(BrokerConfig.forTesting(dir)
                .deliverySnapshotIntervalMs(100)
                .cursorLogSegmentBytes(64 * 1024)
                .build());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void acknowledgedQueuePrefixAndOldCursorLogSegmentsAreDeleted() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.frames()
                    .call(
                            ApiKey.CREATE_TOPIC,
                            new CreateTopicRequest("reclaim", 1, Map.of("type", "queue", "segment.bytes", "1024")),
                            Empty::read);
            int total = 900;
            for (int i = 0; i < total; i += 100) {
                int from = i;
                c.send(
                        "reclaim",
                        0,
                        java.util.stream.IntStream.range(from, from + 100)
                                .mapToObj(n -> JmsRecords.text("m" + n))
                                .toList());
            }
            c.createConsumer(DeliveryClient.queueConsumer(1, "reclaim", 1));
            // One acknowledgement per round trip: many small cursor-log records.
            for (int i = 0; i < total; i++) {
                List<Received> got = c.receive(1, 5_000);
                assertThat(got.get(0).text()).isEqualTo("m" + i);
                c.ackAndWait(AckType.ACCEPT, got);
                c.flow(1, 1);
            }
            awaitTrue(() -> logStartOffset(c) > 0, "the queue's log start offset moves forward");
            long start = logStartOffset(c);
            assertThat(start).isLessThanOrEqualTo(total);
            Path cursorLog = dir.resolve("delivery/logs/cursors-0");
            awaitTrue(
                    () -> !Files.exists(cursorLog.resolve("00000000000000000000.log")),
                    "the first cursor-log segment is deleted");
            c.send("reclaim", 0, JmsRecords.texts("after"));
            assertThat(c.receive(1, 5_000)).extracting(Received::text).containsExactly("after");
        }
    }

    private static long logStartOffset(DeliveryClient c) {
        try {
            return c.frames()
                    .call(ApiKey.DESCRIBE_TOPIC, new DescribeTopicRequest("reclaim"), DescribeTopicResponse::read)
                    .partitions()
                    .get(0)
                    .logStartOffset();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
