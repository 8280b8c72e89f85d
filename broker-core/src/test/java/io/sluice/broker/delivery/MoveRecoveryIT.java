package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.error.ErrorCode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A move to the dead-letter queue interrupted by a crash after its intent was logged is finished
 * at the next start exactly once, whether or not its copy reached the dead-letter queue. The crash
 * is simulated by writing the intent into the cursor log of a stopped broker.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MoveRecoveryIT {
    @TempDir
    Path dir;

    /** Runs a broker with queue "q" (one message) and an empty "DLQ"; returns a producer id it issued. */
    private long prepare(boolean copyAlreadyAppended) throws Exception {
        try (SluiceBroker broker =
                        SluiceBroker.start(BrokerConfig.forTesting(dir).build());
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.frames().call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("q", 1, Map.of("type", "queue")), Empty::read);
            c.frames()
                    .call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("DLQ", 1, Map.of("type", "queue")), Empty::read);
            c.send("q", 0, List.of(JmsRecords.text("poison").property("k", "v")));
            c.createConsumer(DeliveryClient.queueConsumer(1, "q", 0)); // the queue's subscription: id 1
            c.closeConsumer(1);
            long producerId = c.frames()
                    .call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read)
                    .producerId();
            if (copyAlreadyAppended) {
                ByteBuf copy = Batches.idempotent(producerId, (short) 0, 0, System.currentTimeMillis(), "the-copy");
                assertThat(Produce.send(c.frames(), "DLQ", 0, copy).error()).isEqualTo(ErrorCode.NONE);
            }
            return producerId;
        }
    }

    /** What the crashed broker would have left: MOVE_BEGIN without MOVE_END. */
    private void writeIntent(long producerId) {
        try (CursorLog log = CursorLog.open(dir.resolve("delivery"), 64 * 1024 * 1024, Clock.systemUTC())) {
            CursorOps ops = new CursorOps(1);
            ops.moveBegin(new MoveIntent(
                    0, "DLQ", 0, producerId, (short) 0, 0, List.of(new MoveIntent.Entry(0, 0, MoveReason.REJECTED))));
            ByteBuf value = Unpooled.buffer();
            ops.writeTo(value);
            log.append(value);
        }
    }

    private static List<Received> drainQueue(DeliveryClient c, int consumerId, String queue) throws Exception {
        c.createConsumer(DeliveryClient.queueConsumer(consumerId, queue, 100));
        return c.receiveAll(700);
    }

    @Test
    void anInterruptedMoveWhoseCopyWasWrittenIsNotCopiedAgain() throws Exception {
        long producerId = prepare(true);
        writeIntent(producerId);
        try (SluiceBroker broker =
                        SluiceBroker.start(BrokerConfig.forTesting(dir).build());
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            List<Received> dead = drainQueue(c, 2, "DLQ");
            assertThat(dead)
                    .extracting(Received::text)
                    .as("only the copy written before the crash")
                    .containsExactly("the-copy");
            assertThat(drainQueue(c, 1, "q"))
                    .as("the original was acknowledged")
                    .isEmpty();
        }
    }

    @Test
    void anInterruptedMoveWithoutItsCopyIsFinished() throws Exception {
        long producerId = prepare(false);
        writeIntent(producerId);
        try (SluiceBroker broker =
                        SluiceBroker.start(BrokerConfig.forTesting(dir).build());
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            List<Received> dead = drainQueue(c, 2, "DLQ");
            assertThat(dead).extracting(Received::text).containsExactly("poison");
            assertThat(dead.get(0).metadata().property("k")).isEqualTo("v");
            assertThat(dead.get(0).metadata().property("JMS_Sluice_DeadLetterReason"))
                    .isEqualTo("REJECTED");
            assertThat(drainQueue(c, 1, "q")).isEmpty();
        }
        try (SluiceBroker broker =
                        SluiceBroker.start(BrokerConfig.forTesting(dir).build());
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            assertThat(drainQueue(c, 1, "q")).as("the move ended for good").isEmpty();
            assertThat(drainQueue(c, 2, "DLQ")).extracting(Received::text).containsExactly("poison");
        }
    }
}
