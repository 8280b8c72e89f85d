package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.FrameClient;
import io.sluice.protocol.api.AlterTopicConfigRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.DeleteTopicRequest;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ListTopicsRequest;
import io.sluice.protocol.api.ListTopicsResponse;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Topic administration round trips and their error codes, over real TCP with security off. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopicAdminIT {
    @TempDir
    Path dataDir;

    private SluiceBroker start() {
        return SluiceBroker.start(BrokerConfig.forTesting(dataDir).build());
    }

    private static FrameClient.Response create(FrameClient c, String name, int partitions, Map<String, String> configs)
            throws IOException {
        return c.request(ApiKey.CREATE_TOPIC, new CreateTopicRequest(name, partitions, configs));
    }

    @Test
    void createListAlterDeleteSurviveARestart() throws IOException {
        try (SluiceBroker broker = start();
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            assertThat(create(c, "orders", 3, Map.of("type", "queue", "retention.ms", "60000"))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            assertThat(create(c, "audit", -1, Map.of()).error()).isEqualTo(ErrorCode.NONE);
            assertThat(c.request(
                                    ApiKey.ALTER_TOPIC_CONFIG,
                                    new AlterTopicConfigRequest(
                                            "orders", Map.of("retention.bytes", "1048576"), List.of()))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
        }
        try (SluiceBroker broker = start();
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            ListTopicsResponse list = c.call(ApiKey.LIST_TOPICS, new ListTopicsRequest(null), ListTopicsResponse::read);
            assertThat(list.topics())
                    .containsExactly(
                            new ListTopicsResponse.Listing("audit", "topic", 1),
                            new ListTopicsResponse.Listing("orders", "queue", 3));
            assertThat(c.call(ApiKey.LIST_TOPICS, new ListTopicsRequest("ord"), ListTopicsResponse::read)
                            .topics())
                    .extracting(ListTopicsResponse.Listing::name)
                    .containsExactly("orders");
            assertThat(broker.topics().require("orders").config().retentionBytes())
                    .isEqualTo(1048576);
            assertThat(broker.topics().require("orders").config().retentionMs()).isEqualTo(60000);

            MetadataResponse metadata =
                    c.call(ApiKey.METADATA, new MetadataRequest(List.of("orders", "nope")), MetadataResponse::read);
            assertThat(metadata.topics().get(0).partitions()).hasSize(3);
            assertThat(metadata.topics().get(0).type()).isEqualTo("queue");
            assertThat(metadata.topics().get(1).error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);

            assertThat(c.request(ApiKey.DELETE_TOPIC, new DeleteTopicRequest("orders"))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            assertThat(c.call(ApiKey.LIST_TOPICS, new ListTopicsRequest(null), ListTopicsResponse::read)
                            .topics())
                    .extracting(ListTopicsResponse.Listing::name)
                    .containsExactly("audit");
            // The name can be used again.
            assertThat(create(c, "orders", 1, Map.of()).error()).isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void adminErrorsCarryTheirCodesAndSayWhy() throws IOException {
        try (SluiceBroker broker = start();
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            assertThat(create(c, "orders", 1, Map.of()).error()).isEqualTo(ErrorCode.NONE);

            FrameClient.Response exists = create(c, "orders", 1, Map.of());
            assertThat(exists.error()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);

            FrameClient.Response badName = create(c, "a/b", 1, Map.of());
            assertThat(badName.error()).isEqualTo(ErrorCode.INVALID_TOPIC_NAME);
            assertThat(create(c, "..", 1, Map.of()).error()).isEqualTo(ErrorCode.INVALID_TOPIC_NAME);

            FrameClient.Response badPartitions = create(c, "p", 0, Map.of());
            assertThat(badPartitions.error()).isEqualTo(ErrorCode.INVALID_CONFIG);
            assertThat(badPartitions.header().errorMessage()).contains("partitions");

            FrameClient.Response badConfig = create(c, "q", 1, Map.of("segment.ms", "-5"));
            assertThat(badConfig.error()).isEqualTo(ErrorCode.INVALID_CONFIG);
            assertThat(badConfig.header().errorMessage()).contains("segment.ms");

            FrameClient.Response unknownKey = create(c, "q", 1, Map.of("colour", "blue"));
            assertThat(unknownKey.header().errorMessage()).contains("colour");

            assertThat(c.request(ApiKey.DELETE_TOPIC, new DeleteTopicRequest("missing"))
                            .error())
                    .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(c.request(ApiKey.ALTER_TOPIC_CONFIG, new AlterTopicConfigRequest("missing", Map.of(), List.of()))
                            .error())
                    .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            FrameClient.Response typeChange = c.request(
                    ApiKey.ALTER_TOPIC_CONFIG,
                    new AlterTopicConfigRequest("orders", Map.of("type", "queue"), List.of()));
            assertThat(typeChange.error()).isEqualTo(ErrorCode.INVALID_CONFIG);
            assertThat(typeChange.header().errorMessage()).contains("type");
        }
    }

    @Test
    void producerIdsAreUniqueAcrossRestarts() throws IOException {
        long first;
        try (SluiceBroker broker = start();
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            first = c.call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read)
                    .producerId();
            InitProducerIdResponse named =
                    c.call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest("app-1"), InitProducerIdResponse::read);
            assertThat(named.producerId()).isNotEqualTo(first);
            assertThat(named.producerEpoch()).isZero();
        }
        try (SluiceBroker broker = start();
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            InitProducerIdResponse next =
                    c.call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read);
            assertThat(next.producerId()).isGreaterThan(first + 1);
            InitProducerIdResponse named =
                    c.call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest("app-1"), InitProducerIdResponse::read);
            assertThat(named.producerEpoch()).isEqualTo((short) 1);
        }
    }
}
