package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.testing.ChildBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.message.DestinationKind;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker killed with SIGKILL keeps every durable acknowledgement, every delivery count and every
 * durable subscription: unacknowledged messages come back redelivered with the right counts, and
 * a message past its maximum deliveries is dead-lettered after the restart.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DeliveryCrashIT {
    @TempDir
    Path dir;

    private static List<JmsRecords.Msg> numbered(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> JmsRecords.text(prefix + i)).toList();
    }

    private static io.sluice.protocol.api.CreateConsumerRequest durable() {
        return DeliveryClient.topicConsumer(1, "feed", SubscriptionType.DURABLE, "d", null, false, 100);
    }

    @Test
    void cursorsSurviveKillMinusNine() throws Exception {
        try (ChildBroker broker = ChildBroker.start(dir)) {
            try (DeliveryClient c = DeliveryClient.connect(broker.port(), "crash-client")) {
                c.frames()
                        .call(
                                ApiKey.CREATE_TOPIC,
                                new CreateTopicRequest("q", 1, Map.of("type", "queue")),
                                Empty::read);
                c.frames()
                        .call(
                                ApiKey.CREATE_TOPIC,
                                new CreateTopicRequest("poison", 1, Map.of("type", "queue", "max.deliveries", "2")),
                                Empty::read);
                c.resolve("feed", DestinationKind.TOPIC);
                c.createConsumer(durable());
                c.send("q", 0, numbered("q", 20));
                c.send("poison", 0, numbered("p", 1));
                c.send("feed", 0, numbered("f", 6));

                c.createConsumer(DeliveryClient.queueConsumer(2, "q", 20));
                List<Received> q = c.receive(2, 20, 5_000);
                c.ackAndWait(AckType.ACCEPT, q.subList(0, 10));
                c.ack(AckType.RELEASE, q.subList(10, 15));
                c.flow(2, 5);
                List<Received> again = c.receive(2, 5, 5_000);
                assertThat(again).allMatch(m -> m.deliveryCount() == 2);

                c.createConsumer(DeliveryClient.queueConsumer(3, "poison", 10));
                c.ack(AckType.RELEASE, c.receive(3, 1, 5_000));
                assertThat(c.receive(3, 1, 5_000).get(0).deliveryCount()).isEqualTo(2);

                List<Received> feed = c.receive(1, 6, 5_000);
                c.ackAndWait(AckType.ACCEPT, feed.subList(0, 3));
            }
            broker.kill();
        }
        try (ChildBroker broker = ChildBroker.start(dir)) {
            try (DeliveryClient c = DeliveryClient.connect(broker.port(), "crash-client")) {
                c.createConsumer(DeliveryClient.queueConsumer(2, "q", 100));
                List<Received> q = c.receive(2, 10, 10_000).stream()
                        .sorted(Comparator.comparingLong(Received::offset))
                        .toList();
                assertThat(q)
                        .extracting(Received::text)
                        .containsExactlyElementsOf(
                                IntStream.range(10, 20).mapToObj(i -> "q" + i).toList());
                assertThat(q.subList(0, 5))
                        .as("delivered twice before the crash")
                        .allMatch(m -> m.deliveryCount() == 3);
                assertThat(q.subList(5, 10))
                        .as("delivered once before the crash")
                        .allMatch(m -> m.deliveryCount() == 2);
                c.ackAndWait(AckType.ACCEPT, q);

                c.createConsumer(DeliveryClient.queueConsumer(3, "poison", 10));
                c.createConsumer(DeliveryClient.queueConsumer(4, "DLQ", 10));
                Received dead = c.receive(4, 1, 10_000).get(0);
                assertThat(dead.text()).isEqualTo("p0");
                assertThat(dead.metadata().property("JMS_Sluice_DeadLetterReason"))
                        .isEqualTo("MAX_DELIVERIES");
                assertThat(dead.metadata().property("JMS_Sluice_DeliveryCount")).isEqualTo(2);
                c.ackAndWait(AckType.ACCEPT, List.of(dead));

                c.createConsumer(durable());
                List<Received> feed = c.receive(1, 3, 10_000);
                assertThat(feed).extracting(Received::text).containsExactly("f3", "f4", "f5");
                assertThat(feed).allMatch(m -> m.deliveryCount() == 2);
                c.ackAndWait(AckType.ACCEPT, feed);
                assertThat(c.receiveAll(500)).isEmpty();
            }
            broker.stop();
        }
        try (ChildBroker broker = ChildBroker.start(dir)) {
            try (DeliveryClient c = DeliveryClient.connect(broker.port(), "crash-client")) {
                c.createConsumer(DeliveryClient.queueConsumer(2, "q", 100));
                c.createConsumer(DeliveryClient.queueConsumer(3, "poison", 100));
                c.createConsumer(DeliveryClient.queueConsumer(4, "DLQ", 100));
                c.createConsumer(durable());
                assertThat(c.receiveAll(1_000))
                        .as("everything was acknowledged before the clean stop")
                        .isEmpty();
            }
            broker.stop();
        }
    }
}
