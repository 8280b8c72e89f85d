package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.testing.ChildBroker;
import io.sluice.broker.testing.ChildHeap;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.error.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow consumer with a large backlog costs disk, not heap: a broker in a child JVM with a small
 * heap takes a backlog many times its heap while a consumer holds unacknowledged messages, stays
 * small in live heap after GC, and then delivers the whole backlog.
 *
 * <p>The default run uses a 200 MiB backlog at -Xmx96m; {@code -Psoak} runs 5 GiB at -Xmx512m
 * (system properties {@code sluice.backlog.bytes}, {@code sluice.backlog.xmx}, {@code
 * sluice.backlog.maxLiveHeapBytes}).
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class SlowConsumerBacklogIT {
    private static final int RECORD_BYTES = 16 * 1024;
    private static final int RECORDS_PER_BATCH = 16;
    private static final int CREDIT = 1000;

    @TempDir
    Path dir;

    @Test
    void aBacklogManyTimesTheHeapStaysOnDiskAndDrainsCompletely() throws Exception {
        long backlogBytes = Long.getLong("sluice.backlog.bytes", 200L * 1024 * 1024);
        String xmx = System.getProperty("sluice.backlog.xmx", "96m");
        long maxLiveHeap = Long.getLong("sluice.backlog.maxLiveHeapBytes", 48L * 1024 * 1024);
        int records = (int) (backlogBytes / RECORD_BYTES);
        int batches = records / RECORDS_PER_BATCH;
        records = batches * RECORDS_PER_BATCH;
        String body = "b".repeat(RECORD_BYTES - 200);

        try (ChildBroker broker =
                        ChildBroker.start(dir, List.of("-Xmx" + xmx), "topic.default.segment.bytes=67108864");
                ChildHeap heap = ChildHeap.attach(broker.pid())) {
            long idleHeap = heap.liveBytesAfterGc();
            try (FrameClient admin = FrameClient.connect(broker.port(), null, null)) {
                admin.call(
                        ApiKey.CREATE_TOPIC,
                        new CreateTopicRequest("backlog", 1, Map.of("type", "queue")),
                        Empty::read);
            }
            try (DeliveryClient consumer = DeliveryClient.connect(broker.port())) {
                // The stalled consumer takes its prefetch and acknowledges nothing.
                consumer.createConsumer(DeliveryClient.queueConsumer(1, "backlog", CREDIT));
                long produceStart = System.nanoTime();
                try (FrameClient producer = FrameClient.connect(broker.port(), null, null)) {
                    for (int b = 0; b < batches; b++) {
                        List<JmsRecords.Msg> msgs = new ArrayList<>(RECORDS_PER_BATCH);
                        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
                            msgs.add(JmsRecords.text(body));
                        }
                        ByteBuf batch = JmsRecords.batch(System.currentTimeMillis(), msgs);
                        ProduceResponse r = producer.call(
                                ApiKey.PRODUCE,
                                new ProduceRequest(
                                        Durability.APPENDED,
                                        30_000,
                                        List.of(new ProduceRequest.TopicData(
                                                "backlog", List.of(new ProduceRequest.PartitionData(0, batch))))),
                                ProduceResponse::read);
                        assertThat(r.topics().get(0).partitions().get(0).error())
                                .isEqualTo(ErrorCode.NONE);
                        if (b % 500 == 0) {
                            // Slow, not dead: the consumer's client keeps its connection alive.
                            consumer.frames().request(ApiKey.HEARTBEAT, Empty.INSTANCE);
                        }
                    }
                }
                long produceMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - produceStart);
                List<DeliveryClient.Received> held = new ArrayList<>();
                while (held.size() < CREDIT) {
                    List<DeliveryClient.Received> got = consumer.receiveAll(2_000);
                    assertThat(got)
                            .as("the stalled consumer's prefetch arrives")
                            .isNotEmpty();
                    held.addAll(got);
                }
                assertThat(held).hasSize(CREDIT);
                long backlogHeap = heap.liveBytesAfterGc();

                // The consumer speeds up: acknowledges what it held and everything after it.
                long drainStart = System.nanoTime();
                int received = held.size();
                BitSet offsets = new BitSet(records);
                held.forEach(m -> offsets.set((int) m.offset()));
                consumer.ack(AckType.ACCEPT, held);
                consumer.flow(1, CREDIT);
                long midDrainHeap = -1;
                while (received < records) {
                    List<DeliveryClient.Received> got = consumer.receiveAll(200);
                    if (got.isEmpty()) {
                        got = consumer.receiveAll(10_000);
                        assertThat(got)
                                .as("delivery goes on after %d of %d", received, records)
                                .isNotEmpty();
                    }
                    received += got.size();
                    got.forEach(m -> offsets.set((int) m.offset()));
                    consumer.ack(AckType.ACCEPT, got);
                    consumer.flow(1, got.size());
                    if (midDrainHeap < 0 && received >= records / 2) {
                        midDrainHeap = heap.liveBytesAfterGc();
                    }
                }
                long drainMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
                assertThat(consumer.receiveAll(500))
                        .as("nothing beyond the backlog")
                        .isEmpty();
                long drainedHeap = heap.liveBytesAfterGc();

                System.out.printf(
                        "Backlog of %d MiB (%d records) at -Xmx%s: live heap idle %.1f MiB, with the backlog %.1f MiB,"
                                + " mid-drain %.1f MiB, drained %.1f MiB; produced in %d ms, drained in %d ms%n",
                        backlogBytes >> 20,
                        records,
                        xmx,
                        idleHeap / 1048576.0,
                        backlogHeap / 1048576.0,
                        midDrainHeap / 1048576.0,
                        drainedHeap / 1048576.0,
                        produceMs,
                        drainMs);
                assertThat(received).isEqualTo(records);
                assertThat(offsets.cardinality())
                        .as("distinct records delivered")
                        .isEqualTo(records);
                assertThat(backlogHeap).as("live heap with the backlog").isLessThan(maxLiveHeap);
                assertThat(midDrainHeap).as("live heap while draining").isLessThan(maxLiveHeap);
                assertThat(drainedHeap).as("live heap once drained").isLessThan(maxLiveHeap);
            }
        }
    }
}
