package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.FrameClient;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.ResolveDestinationRequest;
import io.sluice.protocol.api.ResolveDestinationResponse;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.message.DestinationKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RESOLVE_DESTINATION: creation on first use, one namespace for queues and topics, refusal when configured. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DestinationIT {
    @TempDir
    Path dir;

    private static FrameClient.Response resolve(DeliveryClient c, String name, DestinationKind kind, boolean create)
            throws Exception {
        return c.frames().request(ApiKey.RESOLVE_DESTINATION, new ResolveDestinationRequest(name, kind, create));
    }

    @Test
    void destinationsAreCreatedOnFirstUseInOneNamespace() throws Exception {
        try (SluiceBroker broker = SluiceBroker.start(
                        BrokerConfig.forTesting(dir).defaultPartitions(3).build());
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            ResolveDestinationResponse created = c.resolve("orders", DestinationKind.QUEUE);
            assertThat(created).isEqualTo(new ResolveDestinationResponse(DestinationKind.QUEUE, 3, true));
            assertThat(c.resolve("orders", DestinationKind.QUEUE).created()).isFalse();
            assertThat(resolve(c, "orders", DestinationKind.TOPIC, true).error())
                    .isEqualTo(ErrorCode.DESTINATION_TYPE_MISMATCH);
            assertThat(resolve(c, "missing", DestinationKind.TOPIC, false).error())
                    .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(resolve(c, "bad/name", DestinationKind.TOPIC, true).error())
                    .isEqualTo(ErrorCode.INVALID_TOPIC_NAME);
            assertThat(broker.topics()
                            .topic("orders")
                            .orElseThrow()
                            .config()
                            .type()
                            .configValue())
                    .isEqualTo("queue");
        }
    }

    @Test
    void aBrokerCanRefuseToCreateDestinations() throws Exception {
        try (SluiceBroker broker = SluiceBroker.start(BrokerConfig.forTesting(dir)
                        .autoCreateDestinations(false)
                        .build());
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            FrameClient.Response refused = resolve(c, "orders", DestinationKind.QUEUE, true);
            assertThat(refused.error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(refused.header().errorMessage()).contains("does not create destinations");
            assertThat(c.createConsumerRaw(DeliveryClient.queueConsumer(1, "orders", 10))
                            .error())
                    .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            c.frames()
                    .call(
                            ApiKey.CREATE_TOPIC,
                            new CreateTopicRequest("orders", 1, Map.of("type", "queue")),
                            Empty::read);
            assertThat(c.resolve("orders", DestinationKind.QUEUE).created()).isFalse();
            c.createConsumer(DeliveryClient.queueConsumer(1, "orders", 10));
        }
    }
}
