package io.sluice.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.meta.MetadataStore;
import io.sluice.broker.meta.SubscriptionStore;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.CommitTransactionResponse;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ProduceRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A redo record that is durable in the journal but was never applied (the broker died right after
 * deciding) is applied when the broker starts, before any connection: its batches appear once, its
 * acknowledgements hold, and a resend of the commit is answered as a duplicate.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionRecoveryIT {
    @TempDir
    Path dir;

    @Test
    void aDecidedTransactionIsAppliedAtStart() throws Exception {
        long producerId;
        try (SluiceBroker broker =
                        SluiceBroker.start(BrokerConfig.forTesting(dir).build());
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            for (String q : List.of("in", "out")) {
                c.frames()
                        .call(ApiKey.CREATE_TOPIC, new CreateTopicRequest(q, 1, Map.of("type", "queue")), Empty::read);
            }
            c.send("in", 0, JmsRecords.texts("m0", "m1", "m2"));
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            assertThat(c.receive(1, 3, 5_000)).hasSize(3);
            producerId = c.frames()
                    .call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read)
                    .producerId();
        }
        long queueSubscription;
        try (MetadataStore meta = MetadataStore.open(dir.resolve("meta"), 1, Clock.systemUTC())) {
            queueSubscription = new SubscriptionStore(meta, Clock.systemUTC())
                    .loadAll().stream()
                            .filter(s -> s.subscription().topic().equals("in"))
                            .findFirst()
                            .orElseThrow()
                            .subscription()
                            .id();
        }
        io.netty.buffer.ByteBuf batch = Batches.idempotent(producerId, (short) 0, 0, 1_000L, "r0", "r1");
        try (TransactionJournal journal =
                TransactionJournal.open(dir.resolve("transactions"), 1 << 20, Clock.systemUTC())) {
            journal.replay(0);
            long offset = journal.appendCommit(new CommitRecord(
                    producerId,
                    (short) 0,
                    0,
                    System.currentTimeMillis(),
                    List.of(new CommitRecord.Write("out", 0, batch.duplicate())),
                    List.of(new CommitRecord.Acks(queueSubscription, 0, new long[] {0, 1}))));
            journal.awaitDurable(offset).get(10, TimeUnit.SECONDS);
        }

        try (SluiceBroker broker =
                        SluiceBroker.start(BrokerConfig.forTesting(dir).build());
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            assertThat(Produce.fetchAll(c.frames(), "out", 0))
                    .extracting(Batches.Fetched::value)
                    .containsExactly("r0", "r1");
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            List<Received> left = c.receive(1, 1, 5_000);
            assertThat(left.get(0).text()).isEqualTo("m2");
            assertThat(c.receiveAll(300)).isEmpty();

            CommitTransactionRequest resend = new CommitTransactionRequest(
                    producerId,
                    (short) 0,
                    0,
                    10_000,
                    List.of(new ProduceRequest.TopicData("out", List.of(new ProduceRequest.PartitionData(0, batch)))),
                    List.of());
            CommitTransactionResponse r =
                    c.frames().call(ApiKey.COMMIT_TRANSACTION, resend, CommitTransactionResponse::read);
            assertThat(r.duplicate()).isTrue();
            assertThat(r.topics().get(0).partitions().get(0))
                    .isEqualTo(new CommitTransactionResponse.PartitionResult(0, 0, 1));
        }
        // Applied once: a second start finds the DONE entry and applies nothing again.
        try (SluiceBroker broker =
                        SluiceBroker.start(BrokerConfig.forTesting(dir).build());
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            assertThat(Produce.fetchAll(c.frames(), "out", 0)).hasSize(2);
        }
    }
}
