package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.message.DestinationKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Publish/subscribe, selectors (topics and queues) and noLocal over TCP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopicDeliveryIT {
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

    private static List<JmsRecords.Msg> numbered(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> JmsRecords.text(prefix + i)).toList();
    }

    @Test
    void everySubscriberGetsEveryMessageInOrder() throws Exception {
        try (DeliveryClient publisher = DeliveryClient.connect(broker.port());
                DeliveryClient s1 = DeliveryClient.connect(broker.port());
                DeliveryClient s2 = DeliveryClient.connect(broker.port());
                DeliveryClient s3 = DeliveryClient.connect(broker.port())) {
            publisher.resolve("news", DestinationKind.TOPIC);
            publisher.send("news", 0, numbered("before", 3));
            for (DeliveryClient s : List.of(s1, s2, s3)) {
                s.createConsumer(DeliveryClient.topicConsumer(1, "news", 1000));
            }
            publisher.send("news", 0, numbered("n", 30));
            publisher.send("news", 0, numbered("m", 20));
            List<String> expected = new ArrayList<>();
            numbered("n", 30).forEach(m -> expected.add(text(m)));
            numbered("m", 20).forEach(m -> expected.add(text(m)));
            for (DeliveryClient s : List.of(s1, s2, s3)) {
                List<Received> got = s.receive(50, 5_000);
                assertThat(got).extracting(Received::text).containsExactlyElementsOf(expected);
                s.ack(AckType.ACCEPT, got);
                assertThat(s.receiveAll(100))
                        .as("messages from before subscribing are not delivered")
                        .isEmpty();
            }
        }
    }

    private static String text(JmsRecords.Msg m) {
        return m.toString();
    }

    @Test
    void topicSelectorFiltersOnTheBroker() throws Exception {
        try (DeliveryClient publisher = DeliveryClient.connect(broker.port());
                DeliveryClient sub = DeliveryClient.connect(broker.port())) {
            publisher.resolve("prices", DestinationKind.TOPIC);
            sub.createConsumer(DeliveryClient.topicConsumer(
                    1, "prices", SubscriptionType.NON_DURABLE, null, "symbol = 'ACME' AND price > 10", false, 100));
            publisher.send(
                    "prices",
                    0,
                    List.of(
                            JmsRecords.text("a").property("symbol", "ACME").property("price", 5),
                            JmsRecords.text("b").property("symbol", "ACME").property("price", 15),
                            JmsRecords.text("c").property("symbol", "OTHER").property("price", 50),
                            JmsRecords.text("d").property("symbol", "ACME").property("price", 11.5),
                            JmsRecords.text("e")));
            List<Received> got = sub.receive(2, 5_000);
            assertThat(got).extracting(Received::text).containsExactly("b", "d");
            assertThat(sub.receiveAll(300)).isEmpty();
        }
    }

    @Test
    void headerSelectorsSeeJmsHeaders() throws Exception {
        try (DeliveryClient publisher = DeliveryClient.connect(broker.port());
                DeliveryClient sub = DeliveryClient.connect(broker.port())) {
            publisher.resolve("headers", DestinationKind.TOPIC);
            sub.createConsumer(DeliveryClient.topicConsumer(
                    1,
                    "headers",
                    SubscriptionType.NON_DURABLE,
                    null,
                    "JMSType = 'car' AND JMSPriority >= 7 AND JMSDeliveryMode = 'NON_PERSISTENT'"
                            + " AND JMSMessageID LIKE 'ID:test-%' AND JMSXDeliveryCount = 1",
                    false,
                    100));
            publisher.send(
                    "headers",
                    0,
                    List.of(
                            JmsRecords.text("x1").type("car").priority(8).nonPersistent(),
                            JmsRecords.text("x2").type("car").priority(8),
                            JmsRecords.text("x3").type("bike").priority(9).nonPersistent(),
                            JmsRecords.text("x4").type("car").priority(6).nonPersistent()));
            assertThat(sub.receive(1, 5_000)).extracting(Received::text).containsExactly("x1");
            assertThat(sub.receiveAll(300)).isEmpty();
        }
    }

    @Test
    void queueSelectorsLeaveNonMatchingMessagesForOthers() throws Exception {
        try (DeliveryClient producer = DeliveryClient.connect(broker.port());
                DeliveryClient reds = DeliveryClient.connect(broker.port());
                DeliveryClient others = DeliveryClient.connect(broker.port())) {
            producer.resolve("paint", DestinationKind.QUEUE);
            producer.send(
                    "paint",
                    0,
                    List.of(
                            JmsRecords.text("r1").property("color", "red"),
                            JmsRecords.text("b1").property("color", "blue"),
                            JmsRecords.text("r2").property("color", "red"),
                            JmsRecords.text("g1")));
            reds.createConsumer(DeliveryClient.queueConsumer(1, "paint", "color = 'red'", 100));
            List<Received> gotReds = reds.receive(2, 5_000);
            assertThat(gotReds).extracting(Received::text).containsExactly("r1", "r2");
            reds.ack(AckType.ACCEPT, gotReds);
            producer.send("paint", 0, List.of(JmsRecords.text("r3").property("color", "red")));
            assertThat(reds.receive(1, 5_000)).extracting(Received::text).containsExactly("r3");
            others.createConsumer(DeliveryClient.queueConsumer(1, "paint", 100));
            assertThat(others.receive(2, 5_000)).extracting(Received::text).containsExactly("b1", "g1");
            assertThat(reds.receiveAll(200)).isEmpty();
        }
    }

    @Test
    void invalidSelectorIsRefusedWithTheParsersMessage() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("sel", DestinationKind.QUEUE);
            FrameClient.Response r = c.createConsumerRaw(DeliveryClient.queueConsumer(1, "sel", "color = = 'red'", 10));
            assertThat(r.error()).isEqualTo(ErrorCode.INVALID_SELECTOR);
            assertThat(r.header().errorMessage()).contains("column");
            // The consumer id is free again.
            c.createConsumer(DeliveryClient.queueConsumer(1, "sel", 10));
        }
    }

    @Test
    void noLocalSkipsMessagesOfTheSubscribersOwnConnection() throws Exception {
        try (DeliveryClient me = DeliveryClient.connect(broker.port());
                DeliveryClient other = DeliveryClient.connect(broker.port())) {
            me.resolve("chat", DestinationKind.TOPIC);
            me.createConsumer(
                    DeliveryClient.topicConsumer(1, "chat", SubscriptionType.NON_DURABLE, null, null, true, 100));
            other.createConsumer(DeliveryClient.topicConsumer(1, "chat", 100));
            me.sendAsProducer("chat", 0, numbered("mine", 3));
            other.sendAsProducer("chat", 0, numbered("theirs", 2));
            assertThat(me.receive(2, 5_000)).extracting(Received::text).containsExactly("theirs0", "theirs1");
            assertThat(me.receiveAll(300)).isEmpty();
            assertThat(other.receive(5, 5_000))
                    .extracting(Received::text)
                    .containsExactly("mine0", "mine1", "mine2", "theirs0", "theirs1");
        }
    }

    @Test
    void durableNoLocalSkipsMessagesOfItsClientId() throws Exception {
        try (DeliveryClient other = DeliveryClient.connect(broker.port())) {
            other.resolve("room", DestinationKind.TOPIC);
            var durable = DeliveryClient.topicConsumer(1, "room", SubscriptionType.DURABLE, "quiet", null, true, 100);
            try (DeliveryClient me = DeliveryClient.connect(broker.port(), "me")) {
                me.createConsumer(durable);
                me.closeConsumer(1);
                me.sendAsProducer("room", 0, numbered("mine", 2));
                other.sendAsProducer("room", 0, numbered("theirs", 1));
                me.createConsumer(durable);
                assertThat(me.receive(1, 5_000)).extracting(Received::text).containsExactly("theirs0");
                assertThat(me.receiveAll(300)).isEmpty();
            }
        }
    }

    @Test
    void subscribingToAQueueAsATopicIsATypeMismatch() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("kind", DestinationKind.QUEUE);
            FrameClient.Response r = c.createConsumerRaw(DeliveryClient.topicConsumer(1, "kind", 10));
            assertThat(r.error()).isEqualTo(ErrorCode.DESTINATION_TYPE_MISMATCH);
        }
    }
}
