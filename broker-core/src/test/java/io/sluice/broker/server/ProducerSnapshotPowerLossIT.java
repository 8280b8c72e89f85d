package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.ChildBroker;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.PageCacheLoss;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.AlterTopicConfigRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producer state after a simulated power loss ({@link PageCacheLoss}, every file cut to exactly its
 * durable length): a snapshot of producer state that describes a lost log tail must not be trusted
 * by any later start.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProducerSnapshotPowerLossIT {
    @TempDir
    Path dir;

    /**
     * A producer snapshot taken while the log's tail was not yet durable describes batches a power
     * loss takes away. The restart after the loss must not keep it: once the log has grown past
     * the offset it is valid to, the next restart would trust it, and a producer re-sending such a
     * batch would be told it is a duplicate, at offsets holding other records.
     */
    @Test
    void aProducerSnapshotThatOutlivedItsLogTailIsNotTrustedLater() throws Exception {
        Path journal = dir.resolve("durable-lengths.txt");
        List<String> jvm = List.of("-Xmx256m", PageCacheLoss.jvmOption(journal));
        String[] p = {"p-0", "p-1", "p-2", "p-3", "p-4"};
        InitProducerIdResponse producer;
        try (ChildBroker broker = ChildBroker.start(dir, jvm, "producer.snapshot.interval.ms=100");
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            // A minute of linger: nothing appended is forced before the kill.
            c.call(
                    ApiKey.CREATE_TOPIC,
                    new CreateTopicRequest("s", 1, Map.of("flush.linger.ms", "60000")),
                    Empty::read);
            producer = c.call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read);
            ByteBuf batch = Batches.idempotent(producer.producerId(), producer.producerEpoch(), 0, 1L, p);
            assertThat(produce(c, Durability.APPENDED, batch).baseOffset()).isZero();
            Thread.sleep(1_000); // the producer state is snapshotted every 100 ms
            broker.kill();
        }
        PageCacheLoss.cutToDurable(dir.resolve("data"), journal);
        String[] q = {"q-0", "q-1", "q-2", "q-3", "q-4", "q-5", "q-6", "q-7", "q-8", "q-9"};
        try (ChildBroker broker = ChildBroker.start(dir, jvm, "producer.snapshot.interval.ms=3600000");
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            InitProducerIdResponse other =
                    c.call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read);
            ByteBuf batch = Batches.idempotent(other.producerId(), other.producerEpoch(), 0, 2L, q);
            assertThat(produce(c, Durability.APPENDED, batch).baseOffset())
                    .as("the first producer's batch was lost")
                    .isZero();
            broker.kill(); // the page cache survives: offsets 0-9 stay
        }
        try (ChildBroker broker = ChildBroker.start(dir, jvm, "producer.snapshot.interval.ms=3600000");
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            c.call(
                    ApiKey.ALTER_TOPIC_CONFIG,
                    new AlterTopicConfigRequest("s", Map.of("flush.linger.ms", "0"), List.of()),
                    Empty::read);
            // The first producer never learned that its batch was durable: it sends it again.
            ByteBuf batch = Batches.idempotent(producer.producerId(), producer.producerEpoch(), 0, 1L, p);
            ProduceResponse.PartitionResult r = produce(c, Durability.DURABLE, batch);
            List<String> log = Produce.fetchAll(c, "s", 0).stream()
                    .map(Batches.Fetched::value)
                    .toList();
            assertThat(log).containsSubsequence(q);
            assertThat(log.subList((int) r.baseOffset(), (int) r.baseOffset() + p.length))
                    .as("the records at the offsets the re-sent batch was acknowledged at")
                    .containsExactly(p);
        }
    }

    private static ProduceResponse.PartitionResult produce(FrameClient c, Durability durability, ByteBuf batch)
            throws Exception {
        ProduceRequest request = new ProduceRequest(
                durability,
                10_000,
                List.of(new ProduceRequest.TopicData("s", List.of(new ProduceRequest.PartitionData(0, batch)))));
        ProduceResponse.PartitionResult r = c.call(ApiKey.PRODUCE, request, ProduceResponse::read)
                .topics()
                .get(0)
                .partitions()
                .get(0);
        assertThat(r.error()).as("%s", r.errorMessage()).isEqualTo(ErrorCode.NONE);
        return r;
    }
}
