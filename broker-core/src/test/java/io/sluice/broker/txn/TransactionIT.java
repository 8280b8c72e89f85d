package io.sluice.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.broker.testing.Produce;
import io.sluice.broker.testing.TransactedSession;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.CommitTransactionResponse;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** COMMIT_TRANSACTION over TCP: atomic sends and acknowledgements, failures, rollback, resends. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransactionIT {
    @TempDir
    Path dir;

    private SluiceBroker broker;

    @BeforeEach
    void start() {
        broker = SluiceBroker.start(BrokerConfig.forTesting(dir).build());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static void create(DeliveryClient c, String name, int partitions, String type) throws Exception {
        c.frames()
                .call(ApiKey.CREATE_TOPIC, new CreateTopicRequest(name, partitions, Map.of("type", type)), Empty::read);
    }

    private static List<JmsRecords.Msg> numbered(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> JmsRecords.text(prefix + i)).toList();
    }

    private static List<String> values(FrameClient c, String topic, int partition) throws Exception {
        return Produce.fetchAll(c, topic, partition).stream()
                .map(Batches.Fetched::value)
                .toList();
    }

    @Test
    void sendsToSeveralDestinationsAndAcknowledgementsTakeEffectTogether() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            create(c, "in", 1, "queue");
            create(c, "out", 2, "queue");
            create(c, "audit", 1, "topic");
            c.send("in", 0, numbered("m", 5));
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            List<Received> in = c.receive(1, 5, 5_000);

            TransactedSession tx = TransactedSession.init(c.frames());
            tx.send("out", 0, "a0", "a1");
            tx.send("out", 1, "b0");
            tx.send("audit", 0, "c0");
            tx.ack(in.subList(0, 3));
            assertThat(values(c.frames(), "out", 0)).isEmpty(); // buffered by the client until commit

            CommitTransactionResponse r = tx.commit(c.frames()).read(CommitTransactionResponse::read);
            assertThat(r.duplicate()).isFalse();
            assertThat(r.topics())
                    .extracting(CommitTransactionResponse.TopicResult::topic)
                    .containsExactly("out", "audit");
            assertThat(r.topics().get(0).partitions())
                    .containsExactly(
                            new CommitTransactionResponse.PartitionResult(0, 0, 1),
                            new CommitTransactionResponse.PartitionResult(1, 0, 0));
            assertThat(values(c.frames(), "out", 0)).containsExactly("a0", "a1");
            assertThat(values(c.frames(), "out", 1)).containsExactly("b0");
            assertThat(values(c.frames(), "audit", 0)).containsExactly("c0");
        }
        // The three acknowledged messages are gone; the two others come back, redelivered.
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            List<Received> again = c.receive(1, 2, 5_000);
            assertThat(again).extracting(Received::text).containsExactly("m3", "m4");
            assertThat(again).allMatch(m -> m.deliveryCount() == 2);
            assertThat(c.receiveAll(300)).isEmpty();
        }
    }

    @Test
    void aCommitNamingDeliveriesTheConnectionDoesNotHoldAppliesNothing() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            create(c, "in", 1, "queue");
            create(c, "out", 1, "queue");
            c.send("in", 0, numbered("m", 3));
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            List<Received> in = c.receive(1, 3, 5_000);
            c.ackAndWait(AckType.ACCEPT, in.subList(2, 3)); // settled outside the transaction

            TransactedSession tx = TransactedSession.init(c.frames());
            tx.send("out", 0, "x");
            tx.ack(in.subList(0, 1));
            tx.ack(in.get(2).deliveryId());
            FrameClient.Response failed = tx.commit(c.frames());
            assertThat(failed.error()).isEqualTo(ErrorCode.TRANSACTION_ROLLED_BACK);
            assertThat(failed.header().errorMessage()).contains("does not hold");
            tx.send("out", 0, "y");
            tx.ack(9_999L); // never delivered
            assertThat(tx.commit(c.frames()).error()).isEqualTo(ErrorCode.TRANSACTION_ROLLED_BACK);
            assertThat(values(c.frames(), "out", 0)).isEmpty();

            // Nothing changed: the connection still holds m0 and m1 and commits them now, with the
            // sequences the failed attempts would have used.
            tx.send("out", 0, "z");
            tx.ack(in.subList(0, 2));
            CommitTransactionResponse ok = tx.commit(c.frames()).read(CommitTransactionResponse::read);
            assertThat(ok.topics().get(0).partitions().get(0).baseOffset()).isZero();
            assertThat(values(c.frames(), "out", 0)).containsExactly("z");
        }
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            assertThat(c.receiveAll(300)).isEmpty();
        }
    }

    @Test
    void rollbackReleasesTheConsumedMessagesForRedeliveryWithAHigherCount() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            create(c, "in", 1, "queue");
            create(c, "out", 1, "queue");
            c.send("in", 0, numbered("m", 2));
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            List<Received> first = c.receive(1, 2, 5_000);
            assertThat(first).allMatch(m -> m.deliveryCount() == 1);

            TransactedSession tx = TransactedSession.init(c.frames());
            tx.send("out", 0, "r0", "r1");
            tx.ack(first);
            tx.rolledBack(); // rollback(): the buffered sends are dropped, the consumed released
            c.ackAndWait(AckType.RELEASE, first);

            List<Received> again = c.receive(1, 2, 5_000);
            assertThat(again).extracting(Received::text).containsExactly("m0", "m1");
            assertThat(again).allMatch(m -> m.redelivered() && m.deliveryCount() == 2);
            assertThat(values(c.frames(), "out", 0)).isEmpty();

            tx.send("out", 0, "r0", "r1");
            tx.ack(again);
            assertThat(tx.commit(c.frames()).error()).isEqualTo(ErrorCode.NONE);
            assertThat(values(c.frames(), "out", 0)).containsExactly("r0", "r1");
            assertThat(c.receiveAll(300)).isEmpty();
        }
    }

    @Test
    void badBatchesAreRefusedBeforeAnythingIsApplied() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            create(c, "in", 1, "queue");
            create(c, "out", 2, "queue");
            c.send("in", 0, numbered("m", 1));
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            List<Received> in = c.receive(1, 1, 5_000);
            TransactedSession tx = TransactedSession.init(c.frames());
            long pid = tx.producerId();

            // Partition 0 is fine, partition 1 skips sequence 0: nothing is appended anywhere.
            CommitTransactionRequest gap = new CommitTransactionRequest(
                    pid,
                    (short) 0,
                    0,
                    10_000,
                    List.of(new ProduceRequest.TopicData(
                            "out",
                            List.of(
                                    new ProduceRequest.PartitionData(0, Batches.idempotent(pid, (short) 0, 0, 1L, "a")),
                                    new ProduceRequest.PartitionData(
                                            1, Batches.idempotent(pid, (short) 0, 5, 1L, "b"))))),
                    List.of(new io.sluice.protocol.api.AckRequest.Range(
                            in.get(0).deliveryId(), in.get(0).deliveryId())));
            assertThat(c.frames().request(ApiKey.COMMIT_TRANSACTION, gap).error())
                    .isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
            assertThat(values(c.frames(), "out", 0)).isEmpty();

            CommitTransactionRequest foreign = new CommitTransactionRequest(
                    pid,
                    (short) 0,
                    1,
                    10_000,
                    List.of(new ProduceRequest.TopicData(
                            "out", List.of(new ProduceRequest.PartitionData(0, Batches.plain(1L, "c"))))),
                    List.of());
            assertThat(c.frames().request(ApiKey.COMMIT_TRANSACTION, foreign).error())
                    .isEqualTo(ErrorCode.INVALID_REQUEST);

            tx.send("nowhere", 0, "d");
            tx.send("out", 0, "e");
            assertThat(tx.commit(c.frames()).error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(values(c.frames(), "out", 0)).isEmpty();

            // The delivery survived every failed attempt.
            tx.send("out", 0, "f");
            tx.ack(in);
            assertThat(tx.commit(c.frames()).error()).isEqualTo(ErrorCode.NONE);
            assertThat(values(c.frames(), "out", 0)).containsExactly("f");
        }
    }

    @Test
    void aResendIsAnsweredFromTheJournalAlsoAfterARestart() throws Exception {
        TransactedSession tx;
        CommitTransactionRequest first;
        CommitTransactionResponse original;
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            create(c, "in", 1, "queue");
            create(c, "out", 1, "queue");
            c.send("in", 0, numbered("m", 2));
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            List<Received> in = c.receive(1, 2, 5_000);
            tx = TransactedSession.init(c.frames());
            tx.send("out", 0, "r0", "r1");
            tx.ack(in);
            first = tx.request();
            original = c.frames().call(ApiKey.COMMIT_TRANSACTION, first, CommitTransactionResponse::read);
            tx.committed();
            CommitTransactionResponse again =
                    c.frames().call(ApiKey.COMMIT_TRANSACTION, first, CommitTransactionResponse::read);
            assertThat(again.duplicate()).isTrue();
            assertThat(again.topics()).isEqualTo(original.topics());
        }
        broker.close();
        broker = SluiceBroker.start(BrokerConfig.forTesting(dir).build());
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            // A new connection holds none of the delivery ids: only the journal can answer.
            CommitTransactionResponse again =
                    c.frames().call(ApiKey.COMMIT_TRANSACTION, first, CommitTransactionResponse::read);
            assertThat(again.duplicate()).isTrue();
            assertThat(again.topics()).isEqualTo(original.topics());
            assertThat(values(c.frames(), "out", 0)).containsExactly("r0", "r1");

            tx.send("out", 0, "r2");
            assertThat(tx.commit(c.frames()).error()).isEqualTo(ErrorCode.NONE);
            FrameClient.Response stale = c.frames().request(ApiKey.COMMIT_TRANSACTION, first);
            assertThat(stale.error()).isEqualTo(ErrorCode.UNKNOWN_TRANSACTION);
            assertThat(values(c.frames(), "out", 0)).containsExactly("r0", "r1", "r2");
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            assertThat(c.receiveAll(300)).isEmpty();
        }
    }

    @Test
    void aConnectionLostDuringACommitLeavesAllOrNothing() throws Exception {
        try (DeliveryClient admin = DeliveryClient.connect(broker.port())) {
            create(admin, "in", 1, "queue");
            create(admin, "out", 1, "queue");
        }
        int applied = 0;
        for (int i = 0; i < 10; i++) {
            TransactedSession tx;
            try (DeliveryClient a = DeliveryClient.connect(broker.port())) {
                a.send("in", 0, List.of(JmsRecords.text("m" + i)));
                a.createConsumer(DeliveryClient.queueConsumer(1, "in", 1));
                Received m = a.receive(1, 1, 5_000).get(0);
                tx = TransactedSession.init(a.frames());
                tx.send("out", 0, "r" + i);
                tx.ack(m.deliveryId());
                a.frames().send(ApiKey.COMMIT_TRANSACTION, tx.request());
                if (i % 2 == 1) {
                    Thread.sleep(i); // vary the moment of the loss
                }
            } // closed without reading the answer
            try (DeliveryClient b = DeliveryClient.connect(broker.port())) {
                FrameClient.Response resent = b.frames().request(ApiKey.COMMIT_TRANSACTION, tx.request());
                b.createConsumer(DeliveryClient.queueConsumer(1, "in", 1));
                if (resent.error() == ErrorCode.NONE) {
                    assertThat(resent.read(CommitTransactionResponse::read).duplicate())
                            .isTrue();
                    assertThat(b.receiveAll(300)).as("m%d was committed", i).isEmpty();
                    applied++;
                } else {
                    assertThat(resent.error()).isEqualTo(ErrorCode.TRANSACTION_ROLLED_BACK);
                    List<Received> back = b.receive(1, 1, 5_000);
                    assertThat(back.get(0).text()).isEqualTo("m" + i);
                    assertThat(back.get(0).deliveryCount()).isEqualTo(2);
                    b.ackAndWait(AckType.ACCEPT, back);
                }
            }
        }
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            assertThat(values(c.frames(), "out", 0)).hasSize(applied).doesNotHaveDuplicates();
        }
    }
}
