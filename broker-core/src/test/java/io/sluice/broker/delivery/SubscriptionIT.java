package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.SetClientIdRequest;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.api.UnsubscribeRequest;
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

/** Durable, shared and shared durable subscriptions; client ids; unsubscribe. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SubscriptionIT {
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

    private void restart() {
        broker.close();
        broker = SluiceBroker.start(BrokerConfig.forTesting(dir).build());
    }

    private static List<JmsRecords.Msg> numbered(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> JmsRecords.text(prefix + i)).toList();
    }

    private static List<String> texts(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    private static io.sluice.protocol.api.CreateConsumerRequest durable(
            int id, String topic, String name, String selector) {
        return DeliveryClient.topicConsumer(id, topic, SubscriptionType.DURABLE, name, selector, false, 1000);
    }

    private static FrameClient.Response unsubscribe(DeliveryClient c, String name) throws Exception {
        return c.frames().request(ApiKey.UNSUBSCRIBE, new UnsubscribeRequest(name));
    }

    @Test
    void durableSubscriptionKeepsMessagesWhileNoConsumerIsAttached() throws Exception {
        try (DeliveryClient publisher = DeliveryClient.connect(broker.port())) {
            publisher.resolve("events", DestinationKind.TOPIC);
            try (DeliveryClient sub = DeliveryClient.connect(broker.port(), "client-1")) {
                sub.createConsumer(durable(1, "events", "audit", null));
                publisher.send("events", 0, numbered("e", 2));
                sub.ackAndWait(AckType.ACCEPT, sub.receive(2, 5_000));
            }
            publisher.send("events", 0, numbered("away", 5));
            try (DeliveryClient sub = DeliveryClient.connect(broker.port(), "client-1")) {
                sub.createConsumer(durable(1, "events", "audit", null));
                List<Received> got = sub.receive(5, 5_000);
                assertThat(got).extracting(Received::text).containsExactlyElementsOf(texts("away", 0, 5));
                assertThat(got).allMatch(m -> m.deliveryCount() == 1);
            }
        }
    }

    @Test
    void durableSubscriptionSurvivesABrokerRestartWithItsDeliveryCounts() throws Exception {
        List<Received> unacked;
        try (DeliveryClient publisher = DeliveryClient.connect(broker.port());
                DeliveryClient sub = DeliveryClient.connect(broker.port(), "client-r")) {
            publisher.resolve("ledger", DestinationKind.TOPIC);
            sub.createConsumer(durable(1, "ledger", "books", null));
            publisher.send("ledger", 0, numbered("l", 10));
            List<Received> got = sub.receive(10, 5_000);
            sub.ackAndWait(AckType.ACCEPT, got.subList(0, 4));
            unacked = got.subList(4, 10);
        }
        restart();
        try (DeliveryClient publisher = DeliveryClient.connect(broker.port());
                DeliveryClient sub = DeliveryClient.connect(broker.port(), "client-r")) {
            publisher.send("ledger", 0, numbered("after", 2));
            sub.createConsumer(durable(1, "ledger", "books", null));
            List<Received> got = sub.receive(8, 5_000);
            assertThat(got)
                    .extracting(Received::text)
                    .containsExactlyElementsOf(
                            concat(unacked.stream().map(Received::text).toList(), texts("after", 0, 2)));
            assertThat(got.subList(0, 6)).allMatch(m -> m.deliveryCount() == 2 && m.redelivered());
            assertThat(got.subList(6, 8)).allMatch(m -> m.deliveryCount() == 1);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void aNewSelectorReplacesTheDurableSubscription() throws Exception {
        try (DeliveryClient publisher = DeliveryClient.connect(broker.port())) {
            publisher.resolve("alerts", DestinationKind.TOPIC);
            try (DeliveryClient sub = DeliveryClient.connect(broker.port(), "client-s")) {
                sub.createConsumer(durable(1, "alerts", "mine", "level = 'high'"));
            }
            publisher.send("alerts", 0, List.of(JmsRecords.text("old").property("level", "high")));
            try (DeliveryClient sub = DeliveryClient.connect(broker.port(), "client-s")) {
                sub.createConsumer(durable(1, "alerts", "mine", "level = 'low'"));
                publisher.send(
                        "alerts",
                        0,
                        List.of(
                                JmsRecords.text("new-high").property("level", "high"),
                                JmsRecords.text("new-low").property("level", "low")));
                assertThat(sub.receive(1, 5_000)).extracting(Received::text).containsExactly("new-low");
                assertThat(sub.receiveAll(300))
                        .as("the old subscription and its message are gone")
                        .isEmpty();
            }
        }
    }

    @Test
    void unshardDurableRulesAndUnsubscribe() throws Exception {
        try (DeliveryClient publisher = DeliveryClient.connect(broker.port());
                DeliveryClient noId = DeliveryClient.connect(broker.port())) {
            publisher.resolve("orders.t", DestinationKind.TOPIC);
            FrameClient.Response r = noId.createConsumerRaw(durable(1, "orders.t", "d", null));
            assertThat(r.error()).as("unshared durable needs a client id").isEqualTo(ErrorCode.ILLEGAL_STATE);
            try (DeliveryClient sub = DeliveryClient.connect(broker.port(), "client-u")) {
                assertThat(unsubscribe(sub, "d").error()).isEqualTo(ErrorCode.UNKNOWN_SUBSCRIPTION);
                sub.createConsumer(durable(1, "orders.t", "d", null));
                assertThat(sub.createConsumerRaw(durable(2, "orders.t", "d", null))
                                .error())
                        .as("one consumer at a time")
                        .isEqualTo(ErrorCode.SUBSCRIPTION_IN_USE);
                assertThat(sub.createConsumerRaw(DeliveryClient.topicConsumer(
                                        3, "orders.t", SubscriptionType.SHARED_DURABLE, "d", null, false, 10))
                                .error())
                        .as("shared and unshared durable subscriptions share a namespace")
                        .isEqualTo(ErrorCode.ILLEGAL_STATE);
                assertThat(unsubscribe(sub, "d").error()).isEqualTo(ErrorCode.SUBSCRIPTION_IN_USE);
                publisher.send("orders.t", 0, numbered("o", 2));
                List<Received> got = sub.receive(2, 5_000);
                sub.closeConsumer(1);
                assertThat(unsubscribe(sub, "d").error())
                        .as("delivered messages are not acknowledged yet")
                        .isEqualTo(ErrorCode.SUBSCRIPTION_IN_USE);
                sub.ack(AckType.ACCEPT, got);
                assertThat(unsubscribe(sub, "d").error()).isEqualTo(ErrorCode.NONE);
                assertThat(unsubscribe(sub, "d").error()).isEqualTo(ErrorCode.UNKNOWN_SUBSCRIPTION);
                publisher.send("orders.t", 0, numbered("gone", 2));
                sub.createConsumer(durable(1, "orders.t", "d", null));
                assertThat(sub.receiveAll(300))
                        .as("a new subscription starts at the end")
                        .isEmpty();
            }
        }
    }

    @Test
    void clientIdsAreSetOnceAndUnique() throws Exception {
        try (DeliveryClient a = DeliveryClient.connect(broker.port(), "unique");
                DeliveryClient b = DeliveryClient.connect(broker.port())) {
            FrameClient.Response clash = b.frames().request(ApiKey.SET_CLIENT_ID, new SetClientIdRequest("unique"));
            assertThat(clash.error()).isEqualTo(ErrorCode.INVALID_CLIENT_ID);
            FrameClient.Response again = a.frames().request(ApiKey.SET_CLIENT_ID, new SetClientIdRequest("other"));
            assertThat(again.error()).isEqualTo(ErrorCode.ILLEGAL_STATE);
            b.resolve("cid", DestinationKind.QUEUE);
            b.createConsumer(DeliveryClient.queueConsumer(1, "cid", 1));
            assertThat(b.frames()
                            .request(ApiKey.SET_CLIENT_ID, new SetClientIdRequest("late"))
                            .error())
                    .isEqualTo(ErrorCode.ILLEGAL_STATE);
        }
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.frames().call(ApiKey.SET_CLIENT_ID, new SetClientIdRequest("unique"), Empty::read);
        }
    }

    @Test
    void sharedDurableConsumersCompeteAndTheSubscriptionOutlivesThem() throws Exception {
        try (DeliveryClient publisher = DeliveryClient.connect(broker.port())) {
            publisher.resolve("work", DestinationKind.TOPIC);
            var shared =
                    DeliveryClient.topicConsumer(1, "work", SubscriptionType.SHARED_DURABLE, "pool", null, false, 1000);
            try (DeliveryClient w1 = DeliveryClient.connect(broker.port());
                    DeliveryClient w2 = DeliveryClient.connect(broker.port())) {
                w1.createConsumer(shared);
                w2.createConsumer(shared);
                publisher.send("work", 0, numbered("w", 40));
                List<Received> got1 = new ArrayList<>();
                List<Received> got2 = new ArrayList<>();
                while (got1.size() + got2.size() < 40) {
                    got1.addAll(w1.receiveAll(150));
                    got2.addAll(w2.receiveAll(150));
                }
                assertThat(got1).isNotEmpty();
                assertThat(got2).isNotEmpty();
                assertThat(concat(
                                got1.stream().map(Received::text).toList(),
                                got2.stream().map(Received::text).toList()))
                        .containsExactlyInAnyOrderElementsOf(texts("w", 0, 40));
                w1.ack(AckType.ACCEPT, got1);
                w2.ackAndWait(AckType.ACCEPT, got2);
            }
            publisher.send("work", 0, numbered("later", 3));
            try (DeliveryClient w3 = DeliveryClient.connect(broker.port())) {
                w3.createConsumer(shared);
                assertThat(w3.receive(3, 5_000))
                        .extracting(Received::text)
                        .containsExactlyElementsOf(texts("later", 0, 3));
                assertThat(unsubscribe(w3, "pool").error()).isEqualTo(ErrorCode.SUBSCRIPTION_IN_USE);
            }
        }
    }

    @Test
    void sharedNonDurableSubscriptionEndsWithItsLastConsumer() throws Exception {
        try (DeliveryClient publisher = DeliveryClient.connect(broker.port())) {
            publisher.resolve("ticks", DestinationKind.TOPIC);
            var shared = DeliveryClient.topicConsumer(1, "ticks", SubscriptionType.SHARED, "feed", null, false, 1000);
            try (DeliveryClient a = DeliveryClient.connect(broker.port());
                    DeliveryClient b = DeliveryClient.connect(broker.port())) {
                a.createConsumer(shared);
                b.createConsumer(shared);
                assertThat(b.createConsumerRaw(DeliveryClient.topicConsumer(
                                        2, "ticks", SubscriptionType.SHARED, "feed", "x = 1", false, 10))
                                .error())
                        .as("a different selector while consumers are active")
                        .isEqualTo(ErrorCode.SUBSCRIPTION_IN_USE);
                publisher.send("ticks", 0, numbered("t", 10));
                int total = a.receiveAll(200).size() + b.receiveAll(200).size();
                assertThat(total).isEqualTo(10);
            }
            publisher.send("ticks", 0, numbered("lost", 3));
            try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
                c.createConsumer(shared);
                publisher.send("ticks", 0, numbered("fresh", 1));
                assertThat(c.receive(1, 5_000)).extracting(Received::text).containsExactly("fresh0");
            }
        }
    }
}
