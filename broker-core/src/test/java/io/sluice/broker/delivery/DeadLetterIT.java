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
import io.sluice.protocol.api.Empty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Redelivery delays, maximum deliveries, REJECT and dead-letter queues. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeadLetterIT {
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

    private static void createQueue(DeliveryClient c, String name, Map<String, String> config) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(config);
        all.put("type", "queue");
        c.frames().call(ApiKey.CREATE_TOPIC, new CreateTopicRequest(name, 1, all), Empty::read);
    }

    @Test
    void aMessageReleasedTooOftenMovesToTheDeadLetterQueue() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            createQueue(c, "fragile", Map.of("max.deliveries", "2"));
            c.send("fragile", 0, List.of(JmsRecords.text("poison").property("kind", "bad"), JmsRecords.text("fine")));
            c.createConsumer(DeliveryClient.queueConsumer(1, "fragile", 10));
            List<Received> first = c.receive(2, 5_000);
            c.ack(AckType.ACCEPT, first.subList(1, 2));
            c.ack(AckType.RELEASE, first.subList(0, 1));
            Received second = c.receive(1, 5_000).get(0);
            assertThat(second.deliveryCount()).isEqualTo(2);
            c.ack(AckType.RELEASE, List.of(second));
            assertThat(c.receiveAll(300)).as("dead-lettered, not redelivered").isEmpty();
            c.createConsumer(DeliveryClient.queueConsumer(2, "DLQ", 10));
            Received dead = c.receive(1, 5_000).get(0);
            assertThat(dead.text()).isEqualTo("poison");
            assertThat(dead.deliveryCount()).isEqualTo(1);
            assertThat(dead.metadata().messageId()).isEqualTo("ID:test-poison");
            assertThat(dead.metadata().property("kind")).isEqualTo("bad");
            assertThat(dead.metadata().property("JMS_Sluice_DeadLetterReason")).isEqualTo("MAX_DELIVERIES");
            assertThat(dead.metadata().property("JMS_Sluice_DeliveryCount")).isEqualTo(2);
            assertThat(dead.metadata().property("JMS_Sluice_OriginalDestination"))
                    .isEqualTo("queue://fragile");
            assertThat(dead.metadata().property("JMS_Sluice_OriginalPartition")).isEqualTo(0);
            assertThat(dead.metadata().property("JMS_Sluice_OriginalOffset")).isEqualTo(0L);
        }
    }

    @Test
    void aRejectedMessageGoesStraightToTheConfiguredDeadLetterQueue() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            createQueue(c, "picky", Map.of("dead.letter.queue", "picky.dlq"));
            c.send("picky", 0, JmsRecords.texts("nope"));
            c.createConsumer(DeliveryClient.queueConsumer(1, "picky", 10));
            c.ackAndWait(AckType.REJECT, c.receive(1, 5_000));
            c.createConsumer(DeliveryClient.queueConsumer(2, "picky.dlq", 10));
            Received dead = c.receive(1, 5_000).get(0);
            assertThat(dead.consumerId()).isEqualTo(2);
            assertThat(dead.metadata().property("JMS_Sluice_DeadLetterReason")).isEqualTo("REJECTED");
            assertThat(dead.metadata().property("JMS_Sluice_DeliveryCount")).isEqualTo(1);
            assertThat(c.receiveAll(300)).isEmpty();
        }
    }

    @Test
    void redeliveryWaitsForTheDelayWithBackoff() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            createQueue(
                    c,
                    "patient",
                    Map.of("redelivery.delay.ms", "400", "redelivery.backoff.multiplier", "2", "max.deliveries", "0"));
            c.send("patient", 0, JmsRecords.texts("retry", "other"));
            c.createConsumer(DeliveryClient.queueConsumer(1, "patient", 10));
            List<Received> first = c.receive(2, 5_000);
            c.ack(AckType.ACCEPT, first.subList(1, 2));
            long released = System.currentTimeMillis();
            c.ack(AckType.RELEASE, first.subList(0, 1));
            Received second = c.receive(1, 5_000).get(0);
            assertThat(System.currentTimeMillis() - released).isGreaterThanOrEqualTo(400);
            assertThat(second.deliveryCount()).isEqualTo(2);
            released = System.currentTimeMillis();
            c.ack(AckType.RELEASE, List.of(second));
            Received third = c.receive(1, 5_000).get(0);
            assertThat(System.currentTimeMillis() - released)
                    .as("400 ms times 2")
                    .isGreaterThanOrEqualTo(800);
            assertThat(third.deliveryCount()).isEqualTo(3);
            // Taking back an undelivered message is not an attempt: no delay, no count.
            released = System.currentTimeMillis();
            c.ack(AckType.RELEASE_UNDELIVERED, List.of(third));
            Received fourth = c.receive(1, 5_000).get(0);
            assertThat(fourth.deliveryCount()).isEqualTo(3);
            assertThat(System.currentTimeMillis() - released).isLessThan(800);
        }
    }

    @Test
    void withoutADeadLetterQueueTheMessageIsDropped() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            createQueue(c, "careless", Map.of("dead.letter.queue", "", "max.deliveries", "1"));
            c.send("careless", 0, JmsRecords.texts("gone", "kept"));
            c.createConsumer(DeliveryClient.queueConsumer(1, "careless", 1));
            List<Received> gone = c.receive(1, 5_000);
            assertThat(gone).extracting(Received::text).containsExactly("gone");
            c.ackAndWait(AckType.RELEASE, gone);
            c.flow(1, 2);
            assertThat(c.receive(1, 5_000)).extracting(Received::text).containsExactly("kept");
            assertThat(c.receiveAll(300))
                    .as("'gone' was dropped after its only delivery")
                    .isEmpty();
        }
    }

    @Test
    void aQueueThatIsItsOwnDeadLetterQueueKeepsItsMessages() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            createQueue(c, "DLQ", Map.of("max.deliveries", "1"));
            c.send("DLQ", 0, JmsRecords.texts("stuck"));
            c.createConsumer(DeliveryClient.queueConsumer(1, "DLQ", 10));
            c.ack(AckType.REJECT, c.receive(1, 5_000));
            Received again = c.receive(1, 5_000).get(0);
            assertThat(again.text()).isEqualTo("stuck");
            assertThat(again.deliveryCount()).isEqualTo(2);
        }
    }
}
