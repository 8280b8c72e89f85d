package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.message.DestinationKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Time to live, expiry queues, delivery delay and priority. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeAndPriorityIT {
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

    @Test
    void expiredMessagesAreNeverDelivered() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("ttl", DestinationKind.QUEUE);
            long now = System.currentTimeMillis();
            c.send(
                    "ttl",
                    0,
                    List.of(
                            JmsRecords.text("stale").expiration(now - 1),
                            JmsRecords.text("short").expiration(now + 300),
                            JmsRecords.text("forever")));
            c.createConsumer(DeliveryClient.queueConsumer(1, "ttl", 0));
            Thread.sleep(500);
            c.flow(1, 10);
            assertThat(c.receive(1, 5_000)).extracting(Received::text).containsExactly("forever");
            assertThat(c.receiveAll(300)).isEmpty();
        }
    }

    @Test
    void expiredMessagesMoveToTheExpiryQueueWhenOneIsConfigured() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.frames()
                    .call(
                            ApiKey.CREATE_TOPIC,
                            new CreateTopicRequest(
                                    "perishable", 1, Map.of("type", "queue", "expiry.queue", "expired.q")),
                            Empty::read);
            long expiration = System.currentTimeMillis() + 200;
            c.send("perishable", 0, List.of(JmsRecords.text("milk").expiration(expiration), JmsRecords.text("salt")));
            Thread.sleep(400);
            c.createConsumer(DeliveryClient.queueConsumer(1, "perishable", 10));
            assertThat(c.receive(1, 5_000)).extracting(Received::text).containsExactly("salt");
            c.createConsumer(DeliveryClient.queueConsumer(2, "expired.q", 10));
            Received moved = c.receive(1, 5_000).get(0);
            assertThat(moved.text()).isEqualTo("milk");
            assertThat(moved.metadata().expiration())
                    .as("the copy does not expire")
                    .isZero();
            assertThat(moved.metadata().messageId()).isEqualTo("ID:test-milk");
            assertThat(moved.metadata().property("JMS_Sluice_DeadLetterReason")).isEqualTo("EXPIRED");
            assertThat(moved.metadata().property("JMS_Sluice_OriginalDestination"))
                    .isEqualTo("queue://perishable");
            assertThat(moved.metadata().property("JMS_Sluice_OriginalExpiration"))
                    .isEqualTo(expiration);
            assertThat(moved.metadata().property("JMS_Sluice_OriginalOffset")).isEqualTo(0L);
        }
    }

    @Test
    void delayedMessagesWaitWithoutHoldingBackOthers() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("later", DestinationKind.QUEUE);
            c.createConsumer(DeliveryClient.queueConsumer(1, "later", 10));
            long sentAt = System.currentTimeMillis();
            c.send(
                    "later",
                    0,
                    List.of(JmsRecords.text("delayed").deliveryTime(sentAt + 1_000), JmsRecords.text("now")));
            assertThat(c.receive(1, 5_000)).extracting(Received::text).containsExactly("now");
            assertThat(c.receiveAll(500)).isEmpty();
            List<Received> delayed = c.receive(1, 5_000);
            assertThat(delayed).extracting(Received::text).containsExactly("delayed");
            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(sentAt + 1_000);
        }
    }

    @Test
    void higherPriorityMessagesAreDeliveredFirst() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("urgent", DestinationKind.QUEUE);
            c.createConsumer(DeliveryClient.queueConsumer(1, "urgent", 0));
            int[] priorities = {1, 9, 4, 4, 0, 9, 7};
            List<JmsRecords.Msg> messages = new java.util.ArrayList<>();
            for (int i = 0; i < priorities.length; i++) {
                messages.add(JmsRecords.text("p" + priorities[i] + "-" + i).priority(priorities[i]));
            }
            c.send("urgent", 0, messages);
            List<Received> got = new java.util.ArrayList<>();
            c.drain(1, 10, got);
            assertThat(got)
                    .extracting(Received::text)
                    .containsExactly("p9-1", "p9-5", "p7-6", "p4-2", "p4-3", "p1-0", "p0-4");
        }
    }
}
