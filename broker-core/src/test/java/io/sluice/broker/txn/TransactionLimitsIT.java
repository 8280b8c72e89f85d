package io.sluice.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.broker.testing.Produce;
import io.sluice.broker.testing.TransactedSession;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** transaction.max.bytes and transaction.max.messages are enforced before anything is written. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionLimitsIT {
    @TempDir
    Path dir;

    @Test
    void aTransactionOverEitherLimitIsRefusedAndChangesNothing() throws Exception {
        BrokerConfig config = BrokerConfig.forTesting(dir)
                .transactionMaxBytes(2048)
                .transactionMaxMessages(5)
                .build();
        try (SluiceBroker broker = SluiceBroker.start(config);
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.frames().call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("in", 1, Map.of("type", "queue")), Empty::read);
            c.frames()
                    .call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("out", 1, Map.of("type", "queue")), Empty::read);
            c.send(
                    "in",
                    0,
                    IntStream.range(0, 3)
                            .mapToObj(i -> JmsRecords.text("m" + i))
                            .toList());
            c.createConsumer(DeliveryClient.queueConsumer(1, "in", 10));
            List<Received> in = c.receive(1, 3, 5_000);
            TransactedSession tx = TransactedSession.init(c.frames());

            tx.send("out", 0, "a", "b", "c");
            tx.ack(in); // 3 sends + 3 acknowledgements = 6 > 5
            FrameClient.Response tooMany = tx.commit(c.frames());
            assertThat(tooMany.error()).isEqualTo(ErrorCode.TRANSACTION_TOO_LARGE);
            assertThat(tooMany.header().errorMessage()).contains("transaction.max.messages is 5");

            tx.send("out", 0, "x".repeat(3000));
            FrameClient.Response tooBig = tx.commit(c.frames());
            assertThat(tooBig.error()).isEqualTo(ErrorCode.TRANSACTION_TOO_LARGE);
            assertThat(tooBig.header().errorMessage()).contains("transaction.max.bytes is 2048");
            assertThat(Produce.fetchAll(c.frames(), "out", 0)).isEmpty();

            tx.send("out", 0, "a", "b");
            tx.ack(in); // 5: at the limit
            assertThat(tx.commit(c.frames()).error()).isEqualTo(ErrorCode.NONE);
            assertThat(Produce.fetchAll(c.frames(), "out", 0)).hasSize(2);
        }
    }
}
