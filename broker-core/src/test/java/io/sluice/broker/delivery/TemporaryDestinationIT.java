package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateConsumerRequest;
import io.sluice.protocol.api.CreateTemporaryRequest;
import io.sluice.protocol.api.CreateTemporaryResponse;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.DeleteTemporaryRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.api.ResolveDestinationRequest;
import io.sluice.protocol.api.ResolveDestinationResponse;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.error.ErrorCode;
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

/** Temporary queues and topics: ownership, request/reply, deletion rules, reserved names. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TemporaryDestinationIT {
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

    private static String createTemporary(DeliveryClient c, DestinationKind kind) throws Exception {
        return c.frames()
                .call(ApiKey.CREATE_TEMPORARY, new CreateTemporaryRequest(kind), CreateTemporaryResponse::read)
                .name();
    }

    private static CreateConsumerRequest tempQueueConsumer(int id, String name) {
        return new CreateConsumerRequest(
                id, name, DestinationKind.TEMPORARY_QUEUE, SubscriptionType.QUEUE, null, null, false, 100, false);
    }

    @Test
    void requestReplyThroughATemporaryQueue() throws Exception {
        try (DeliveryClient requester = DeliveryClient.connect(broker.port());
                DeliveryClient responder = DeliveryClient.connect(broker.port())) {
            String replyTo = createTemporary(requester, DestinationKind.TEMPORARY_QUEUE);
            assertThat(replyTo).startsWith("_temp.");
            requester.createConsumer(tempQueueConsumer(1, replyTo));
            ResolveDestinationResponse resolved = responder
                    .frames()
                    .call(
                            ApiKey.RESOLVE_DESTINATION,
                            new ResolveDestinationRequest(replyTo, DestinationKind.TEMPORARY_QUEUE, true),
                            ResolveDestinationResponse::read);
            assertThat(resolved.kind()).isEqualTo(DestinationKind.TEMPORARY_QUEUE);
            assertThat(resolved.created()).isFalse();
            responder.send(replyTo, 0, List.of(JmsRecords.text("reply")));
            assertThat(requester.receive(1, 5_000)).extracting(Received::text).containsExactly("reply");
            FrameClient.Response stolen = responder.createConsumerRaw(tempQueueConsumer(1, replyTo));
            assertThat(stolen.error()).isEqualTo(ErrorCode.TEMPORARY_DESTINATION_NOT_OWNED);
        }
    }

    @Test
    void deletionIsRefusedWhileConsumedAndFinalAfterwards() throws Exception {
        try (DeliveryClient owner = DeliveryClient.connect(broker.port());
                DeliveryClient other = DeliveryClient.connect(broker.port())) {
            String topic = createTemporary(owner, DestinationKind.TEMPORARY_TOPIC);
            owner.createConsumer(new CreateConsumerRequest(
                    1,
                    topic,
                    DestinationKind.TEMPORARY_TOPIC,
                    SubscriptionType.NON_DURABLE,
                    null,
                    null,
                    false,
                    10,
                    false));
            FrameClient.Response inUse =
                    owner.frames().request(ApiKey.DELETE_TEMPORARY, new DeleteTemporaryRequest(topic));
            assertThat(inUse.error()).isEqualTo(ErrorCode.TEMPORARY_DESTINATION_IN_USE);
            FrameClient.Response notOwner =
                    other.frames().request(ApiKey.DELETE_TEMPORARY, new DeleteTemporaryRequest(topic));
            assertThat(notOwner.error()).isEqualTo(ErrorCode.TEMPORARY_DESTINATION_NOT_OWNED);
            owner.closeConsumer(1);
            assertThat(owner.frames()
                            .request(ApiKey.DELETE_TEMPORARY, new DeleteTemporaryRequest(topic))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            assertThat(produceError(other, topic)).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(owner.frames()
                            .request(ApiKey.DELETE_TEMPORARY, new DeleteTemporaryRequest(topic))
                            .error())
                    .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        }
    }

    @Test
    void temporaryDestinationsDieWithTheirConnection() throws Exception {
        try (DeliveryClient producer = DeliveryClient.connect(broker.port())) {
            String name;
            try (DeliveryClient owner = DeliveryClient.connect(broker.port())) {
                name = createTemporary(owner, DestinationKind.TEMPORARY_QUEUE);
                owner.createConsumer(tempQueueConsumer(1, name));
                assertThat(produceError(producer, name)).isEqualTo(ErrorCode.NONE);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            ErrorCode error = ErrorCode.NONE;
            while (error == ErrorCode.NONE && System.nanoTime() < deadline) {
                Thread.sleep(50);
                error = produceError(producer, name);
            }
            assertThat(error).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            FrameClient.Response resolve = producer.frames()
                    .request(
                            ApiKey.RESOLVE_DESTINATION,
                            new ResolveDestinationRequest(name, DestinationKind.TEMPORARY_QUEUE, true));
            assertThat(resolve.error()).as("never auto-created").isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        }
    }

    @Test
    void theTemporaryPrefixIsReserved() throws Exception {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            FrameClient.Response create =
                    c.frames().request(ApiKey.CREATE_TOPIC, new CreateTopicRequest("_temp.mine", 1, Map.of()));
            assertThat(create.error()).isEqualTo(ErrorCode.INVALID_TOPIC_NAME);
            FrameClient.Response resolve = c.frames()
                    .request(
                            ApiKey.RESOLVE_DESTINATION,
                            new ResolveDestinationRequest("_temp.q", DestinationKind.QUEUE, true));
            assertThat(resolve.error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            FrameClient.Response wrongKind =
                    c.frames().request(ApiKey.CREATE_TEMPORARY, new CreateTemporaryRequest(DestinationKind.QUEUE));
            assertThat(wrongKind.error()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }

    private static ErrorCode produceError(DeliveryClient c, String topic) throws Exception {
        ProduceResponse response = c.frames()
                .call(
                        ApiKey.PRODUCE,
                        Produce.request(topic, 0, JmsRecords.batch(System.currentTimeMillis(), JmsRecords.texts("x"))),
                        ProduceResponse::read);
        return response.topics().get(0).partitions().get(0).error();
    }

    @Test
    void aTemporaryDestinationIsCreatedAgainByNameOnceItsOwnerIsGone() throws Exception {
        String name;
        try (DeliveryClient first = DeliveryClient.connect(broker.port());
                DeliveryClient other = DeliveryClient.connect(broker.port())) {
            name = createTemporary(first, DestinationKind.TEMPORARY_QUEUE);
            FrameClient.Response taken = other.frames()
                    .request(
                            ApiKey.CREATE_TEMPORARY, new CreateTemporaryRequest(DestinationKind.TEMPORARY_QUEUE, name));
            assertThat(taken.error())
                    .as("not while its owner lives")
                    .isEqualTo(ErrorCode.TEMPORARY_DESTINATION_NOT_OWNED);
            FrameClient.Response wrongKind = other.frames()
                    .request(
                            ApiKey.CREATE_TEMPORARY, new CreateTemporaryRequest(DestinationKind.TEMPORARY_TOPIC, name));
            assertThat(wrongKind.error()).isEqualTo(ErrorCode.INVALID_REQUEST);
            FrameClient.Response notTemporary = other.frames()
                    .request(
                            ApiKey.CREATE_TEMPORARY,
                            new CreateTemporaryRequest(DestinationKind.TEMPORARY_QUEUE, "orders"));
            assertThat(notTemporary.error()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }
        try (DeliveryClient again = DeliveryClient.connect(broker.port());
                DeliveryClient sender = DeliveryClient.connect(broker.port())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String recreated = null;
            while (recreated == null && System.nanoTime() < deadline) {
                FrameClient.Response r = again.frames()
                        .request(
                                ApiKey.CREATE_TEMPORARY,
                                new CreateTemporaryRequest(DestinationKind.TEMPORARY_QUEUE, name));
                if (r.error() == ErrorCode.NONE) {
                    recreated = name;
                } else {
                    assertThat(r.error()).isEqualTo(ErrorCode.TEMPORARY_DESTINATION_NOT_OWNED);
                    Thread.sleep(50);
                }
            }
            assertThat(recreated).as("re-created under its name").isEqualTo(name);
            again.createConsumer(tempQueueConsumer(1, name));
            sender.send(name, 0, List.of(JmsRecords.text("after")));
            assertThat(again.receive(1, 5_000)).extracting(Received::text).containsExactly("after");
        }
    }
}
