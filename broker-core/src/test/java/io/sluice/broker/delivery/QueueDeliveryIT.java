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
import io.sluice.protocol.message.DestinationKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Queues over TCP: competing consumers, credit, drain, release and connection loss. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueDeliveryIT {
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

    private static List<JmsRecords.Msg> messages(String prefix, int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> JmsRecords.text(prefix + i))
                .toList();
    }

    @Test
    void competingConsumersGetEachMessageExactlyOnce() throws Exception {
        try (DeliveryClient admin = DeliveryClient.connect(broker.port());
                DeliveryClient a = DeliveryClient.connect(broker.port());
                DeliveryClient b = DeliveryClient.connect(broker.port())) {
            admin.frames()
                    .call(
                            ApiKey.CREATE_TOPIC,
                            new CreateTopicRequest("orders", 2, Map.of("type", "queue")),
                            Empty::read);
            a.createConsumer(DeliveryClient.queueConsumer(1, "orders", 1000));
            b.createConsumer(DeliveryClient.queueConsumer(1, "orders", 1000));
            admin.send("orders", 0, messages("p0-", 0, 100));
            admin.send("orders", 1, messages("p1-", 0, 100));
            List<Received> gotA = new ArrayList<>();
            List<Received> gotB = new ArrayList<>();
            while (gotA.size() + gotB.size() < 200) {
                gotA.addAll(a.receiveAll(200));
                gotB.addAll(b.receiveAll(200));
            }
            assertThat(gotA).isNotEmpty();
            assertThat(gotB).isNotEmpty();
            Set<String> all = new HashSet<>();
            gotA.forEach(m ->
                    assertThat(all.add(m.text())).as("duplicate %s", m.text()).isTrue());
            gotB.forEach(m ->
                    assertThat(all.add(m.text())).as("duplicate %s", m.text()).isTrue());
            assertThat(all).hasSize(200);
            assertInOrderPerPartition(gotA);
            assertInOrderPerPartition(gotB);
            a.ack(AckType.ACCEPT, gotA);
            b.ack(AckType.ACCEPT, gotB);
            assertThat(a.receiveAll(300)).isEmpty();
            assertThat(b.receiveAll(100)).isEmpty();
        }
    }

    private static void assertInOrderPerPartition(List<Received> got) {
        for (int p = 0; p < 2; p++) {
            int partition = p;
            List<Long> offsets = got.stream()
                    .filter(m -> m.partition() == partition)
                    .map(Received::offset)
                    .toList();
            assertThat(offsets).isSorted();
        }
    }

    @Test
    void unsettledDeliveriesOfALostConnectionGoToOthersRedelivered() throws Exception {
        try (DeliveryClient producer = DeliveryClient.connect(broker.port());
                DeliveryClient survivor = DeliveryClient.connect(broker.port())) {
            producer.resolve("jobs", DestinationKind.QUEUE);
            List<Received> held;
            try (DeliveryClient doomed = DeliveryClient.connect(broker.port())) {
                doomed.createConsumer(DeliveryClient.queueConsumer(7, "jobs", 50));
                producer.send("jobs", 0, messages("job-", 0, 80));
                held = doomed.receive(50, 5_000);
                assertThat(held).allMatch(m -> m.deliveryCount() == 1);
                survivor.createConsumer(DeliveryClient.queueConsumer(1, "jobs", 1000));
                List<Received> rest = survivor.receive(30, 5_000);
                assertThat(rest).allMatch(m -> !m.redelivered());
                survivor.ack(AckType.ACCEPT, rest);
            }
            List<Received> redelivered = survivor.receive(50, 10_000);
            assertThat(redelivered)
                    .extracting(Received::text)
                    .containsExactlyInAnyOrderElementsOf(
                            held.stream().map(Received::text).toList());
            assertThat(redelivered).allMatch(m -> m.deliveryCount() == 2);
            assertThat(redelivered).extracting(Received::offset).isSorted();
        }
    }

    @Test
    void creditBoundsPushesAndFlowAddsMore() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("credit", DestinationKind.QUEUE);
            c.send("credit", 0, messages("m", 0, 10));
            c.createConsumer(DeliveryClient.queueConsumer(1, "credit", 3));
            List<Received> first = c.receive(3, 5_000);
            assertThat(first).extracting(Received::text).containsExactly("m0", "m1", "m2");
            assertThat(c.receiveAll(300)).as("no credit left").isEmpty();
            c.ack(AckType.ACCEPT, first);
            assertThat(c.receiveAll(200))
                    .as("acknowledging does not grant credit")
                    .isEmpty();
            c.flow(1, 2);
            assertThat(c.receive(2, 5_000)).extracting(Received::text).containsExactly("m3", "m4");
            assertThat(c.receiveAll(300)).isEmpty();
        }
    }

    @Test
    void drainPushesWhatIsAvailableThenAnswers() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("drained", DestinationKind.QUEUE);
            c.createConsumer(DeliveryClient.queueConsumer(1, "drained", 0));
            List<Received> got = new ArrayList<>();
            assertThat(c.drain(1, 10, got)).as("empty queue").isZero();
            assertThat(got).isEmpty();
            c.send("drained", 0, messages("d", 0, 4));
            assertThat(c.drain(1, 10, got)).isEqualTo(4);
            assertThat(got).extracting(Received::text).containsExactly("d0", "d1", "d2", "d3");
            c.send("drained", 0, messages("later", 0, 2));
            assertThat(c.receiveAll(300)).as("a drain leaves no credit behind").isEmpty();
            got.clear();
            assertThat(c.drain(1, 1, got)).isEqualTo(1);
            assertThat(got).extracting(Received::text).containsExactly("later0");
        }
    }

    @Test
    void drainSeesANonPersistentMessageAppendedJustBefore() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("fresh", DestinationKind.QUEUE);
            c.createConsumer(DeliveryClient.queueConsumer(1, "fresh", 0));
            for (int i = 0; i < 20; i++) {
                c.send("fresh", 0, List.of(JmsRecords.text("n" + i).nonPersistent()));
                List<Received> got = new ArrayList<>();
                assertThat(c.drain(1, 1, got)).isEqualTo(1);
                assertThat(got).extracting(Received::text).containsExactly("n" + i);
                c.ack(AckType.ACCEPT, got);
            }
        }
    }

    @Test
    void releasedMessagesComeBackCountedUnlessUndelivered() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            c.resolve("again", DestinationKind.QUEUE);
            c.send("again", 0, messages("r", 0, 2));
            c.createConsumer(DeliveryClient.queueConsumer(1, "again", 10));
            List<Received> first = c.receive(2, 5_000);
            c.ack(AckType.RELEASE, first.subList(0, 1));
            c.ack(AckType.RELEASE_UNDELIVERED, first.subList(1, 2));
            List<Received> second = c.receive(2, 5_000);
            assertThat(second).extracting(Received::text).containsExactly("r0", "r1");
            assertThat(second).extracting(Received::deliveryCount).containsExactly(2, 1);
            c.ackAndWait(AckType.ACCEPT, second);
            assertThat(c.receiveAll(300)).isEmpty();
        }
    }

    @Test
    void closingAConsumerKeepsItsDeliveriesWithTheConnection() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port());
                DeliveryClient other = DeliveryClient.connect(broker.port())) {
            c.resolve("handover", DestinationKind.QUEUE);
            c.send("handover", 0, messages("h", 0, 4));
            c.createConsumer(DeliveryClient.queueConsumer(1, "handover", 4));
            List<Received> got = c.receive(4, 5_000);
            c.closeConsumer(1);
            other.createConsumer(DeliveryClient.queueConsumer(1, "handover", 10));
            assertThat(other.receiveAll(300))
                    .as("still held by the first connection")
                    .isEmpty();
            c.ack(AckType.ACCEPT, got.subList(0, 2)); // a closed consumer's messages can be acknowledged
            c.ack(AckType.RELEASE_UNDELIVERED, got.subList(2, 4));
            List<Received> handed = other.receive(2, 5_000);
            assertThat(handed).extracting(Received::text).containsExactly("h2", "h3");
            assertThat(handed).allMatch(m -> m.deliveryCount() == 1);
        }
    }
}
