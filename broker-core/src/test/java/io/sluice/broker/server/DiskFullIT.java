package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.Produce;
import io.sluice.broker.testing.TmpfsMount;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker on a 16 MiB tmpfs that fills up: producers get STORAGE_FULL promptly and nothing they
 * were told is stored is lost, consumers keep being served, new connections authenticate, and
 * producing resumes once space is freed - both when the broker's reserve refuses producers early
 * and when an append meets a really full disk.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiskFullIT {
    private static final int RECORD_BYTES = 64 * 1024;

    @TempDir
    Path tmp;

    private TmpfsMount mount;
    private Path filler;

    @BeforeEach
    void mount() throws Exception {
        mount = TmpfsMount.mountOrSkip(tmp.resolve("disk"), "16m");
        filler = mount.dir().resolve("filler");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            mount.close();
        }
    }

    private BrokerConfig config(long minFreeBytes) {
        return BrokerConfig.forTesting(mount.dir().resolve("data"))
                .securityEnabled(true)
                .user("app", "app-pw", List.of("admin"))
                .minFreeDiskBytes(minFreeBytes)
                .cursorLogSegmentBytes(64 * 1024)
                .topicDefault("segment.bytes", "262144")
                .build();
    }

    /** Fills the disk with another file until about {@code leaveBytes} remain usable. */
    private void fillLeaving(long leaveBytes) throws IOException {
        byte[] chunk = new byte[16 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (mount.usableBytes() > leaveBytes + chunk.length) {
                out.write(chunk);
                out.flush();
            }
        }
    }

    private static ProduceResponse.PartitionResult produceTimed(FrameClient c, String topic) throws IOException {
        long start = System.nanoTime();
        ProduceResponse.PartitionResult r =
                Produce.send(c, topic, 0, Batches.plain(System.currentTimeMillis(), "x".repeat(RECORD_BYTES)));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("a produce is answered promptly, full disk or not")
                .isLessThan(5_000);
        return r;
    }

    /** Produces until STORAGE_FULL; returns how many records were acknowledged. */
    private static int produceUntilFull(FrameClient c, String topic, String expectedInMessage) throws IOException {
        int acknowledged = 0;
        for (int i = 0; i < 400; i++) {
            ProduceResponse.PartitionResult r = produceTimed(c, topic);
            if (r.error() == ErrorCode.STORAGE_FULL) {
                assertThat(r.errorMessage()).contains(expectedInMessage);
                return acknowledged;
            }
            assertThat(r.error()).as("produce %d: %s", i, r.errorMessage()).isEqualTo(ErrorCode.NONE);
            assertThat(r.baseOffset()).as("offsets are never skipped").isEqualTo(acknowledged);
            acknowledged++;
        }
        throw new AssertionError("the disk never filled up");
    }

    @Test
    void theReserveRefusesProducersEarlyAndConsumersAreStillServed() throws Exception {
        try (SluiceBroker broker = SluiceBroker.start(config(2L * 1024 * 1024))) {
            try (FrameClient admin = FrameClient.connect(broker.port(), "app", "app-pw")) {
                admin.call(
                        ApiKey.CREATE_TOPIC, new CreateTopicRequest("orders", 1, Map.of("type", "queue")), Empty::read);
                fillLeaving(5L * 1024 * 1024);
                int acknowledged = produceUntilFull(admin, "orders", "storage.min.free.bytes");
                assertThat(acknowledged).isPositive();
                assertThat(mount.usableBytes())
                        .as("the reserve stays free for the broker's own writes")
                        .isGreaterThan(1024 * 1024);
                assertThat(produceTimed(admin, "orders").error()).isEqualTo(ErrorCode.STORAGE_FULL);
                assertThat(Produce.fetchAll(admin, "orders", 0)).hasSize(acknowledged);

                // Consumers are served (and their acknowledgements recorded) while producers wait.
                try (DeliveryClient consumer = DeliveryClient.connect(broker.port(), "app", "app-pw", null)) {
                    consumer.createConsumer(DeliveryClient.queueConsumer(1, "orders", acknowledged + 10));
                    List<DeliveryClient.Received> got = consumer.receive(acknowledged, 10_000);
                    assertThat(got).extracting(DeliveryClient.Received::offset).doesNotHaveDuplicates();
                    assertThat(consumer.ackAndWait(AckType.ACCEPT, got).error()).isEqualTo(ErrorCode.NONE);
                }

                Files.delete(filler);
                awaitProduceSucceeds(admin, "orders", acknowledged);
            }
        }
        // After a restart from the once-full disk the queue holds exactly the one message nobody
        // acknowledged: acknowledgements made while the disk was full were recorded.
        try (SluiceBroker again = SluiceBroker.start(config(2L * 1024 * 1024));
                DeliveryClient consumer = DeliveryClient.connect(again.port(), "app", "app-pw", null)) {
            consumer.createConsumer(DeliveryClient.queueConsumer(1, "orders", 100));
            assertThat(consumer.receiveAll(1_000)).hasSize(1);
        }
    }

    @Test
    void anAppendThatMeetsAReallyFullDiskIsUndoneAndTheBrokerRecovers() throws Exception {
        int acknowledged;
        try (SluiceBroker broker = SluiceBroker.start(config(0))) {
            try (FrameClient c = FrameClient.connect(broker.port(), "app", "app-pw")) {
                c.call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("events", 1, Map.of()), Empty::read);
                fillLeaving(1024 * 1024);
                acknowledged = produceUntilFull(c, "events", "No space left");
                // Refused again at once, without another write attempt.
                assertThat(produceTimed(c, "events").error()).isEqualTo(ErrorCode.STORAGE_FULL);
                // Reads and new logins work on the full disk.
                assertThat(Produce.fetchAll(c, "events", 0)).hasSize(acknowledged);
                try (FrameClient other = FrameClient.connect(broker.port(), "app", "app-pw")) {
                    assertThat(Produce.fetchAll(other, "events", 0)).hasSize(acknowledged);
                }

                Files.delete(filler);
                // The partition's log was not failed by the full disk: the next append continues
                // exactly where the acknowledged ones ended.
                awaitProduceSucceeds(c, "events", acknowledged);
                assertThat(c.request(ApiKey.CREATE_TOPIC, new CreateTopicRequest("after", 1, Map.of()))
                                .error())
                        .as("the metadata store works again")
                        .isEqualTo(ErrorCode.NONE);
            }
        }
        try (SluiceBroker again = SluiceBroker.start(config(0));
                FrameClient c = FrameClient.connect(again.port(), "app", "app-pw")) {
            assertThat(Produce.fetchAll(c, "events", 0)).hasSize(acknowledged + 1);
        }
    }

    private static void awaitProduceSucceeds(FrameClient c, String topic, long expectedOffset) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            ProduceResponse.PartitionResult r = produceTimed(c, topic);
            if (r.error() == ErrorCode.NONE) {
                assertThat(r.baseOffset()).isEqualTo(expectedOffset);
                return;
            }
            assertThat(r.error()).isEqualTo(ErrorCode.STORAGE_FULL);
            assertThat(System.nanoTime())
                    .as("producing resumes once space is free")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
