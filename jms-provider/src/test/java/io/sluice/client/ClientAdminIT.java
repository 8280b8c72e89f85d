package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.DescribeTopicResponse;
import io.sluice.protocol.api.ListOffsetsRequest;
import io.sluice.protocol.api.ListTopicsResponse;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.codec.Frame;
import io.sluice.protocol.codec.FrameDecoder;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client's connection and admin API against a real broker over TCP. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientAdminIT {
    @TempDir
    Path dir;

    private static SluiceClientException failure(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            return ClientErrors.unwrap(e);
        }
        throw new AssertionError("the future succeeded");
    }

    private static ClientConfig.Builder clientOf(SluiceBroker broker) {
        return ClientConfig.builder().host("127.0.0.1").port(broker.port()).requestTimeoutMs(10_000);
    }

    private SluiceBroker secureBroker() {
        return SluiceBroker.start(BrokerConfig.forTesting(dir)
                .securityEnabled(true)
                .user("admin", "admin-secret", List.of("admin"))
                .user("alice", "alice-secret", List.of())
                .build());
    }

    @Test
    void topicAdministrationRoundTrips() {
        try (SluiceBroker broker =
                        SluiceBroker.start(BrokerConfig.forTesting(dir).build());
                SluiceClient client = SluiceClient.connect(clientOf(broker).build())) {
            SluiceAdmin admin = client.admin();
            admin.createTopic("orders", 3, Map.of("retention.ms", "3600000")).join();
            admin.createTopic("orders-audit", 1, Map.of("type", "queue")).join();
            admin.createTopic("payments", 2, Map.of()).join();

            List<ListTopicsResponse.Listing> listed = admin.listTopics("orders").join();
            assertThat(listed).extracting(ListTopicsResponse.Listing::name).containsExactly("orders", "orders-audit");
            assertThat(listed.get(1).type()).isEqualTo("queue");
            assertThat(listed.get(0).partitions()).isEqualTo(3);

            DescribeTopicResponse described = admin.describeTopic("orders").join();
            assertThat(described.configs()).containsEntry("retention.ms", "3600000");
            assertThat(described.partitions()).hasSize(3);

            admin.alterTopicConfig("orders", Map.of("retention.ms", "7200000"), List.of())
                    .join();
            assertThat(admin.describeTopic("orders").join().configs()).containsEntry("retention.ms", "7200000");

            MetadataResponse metadata =
                    admin.metadata(List.of("payments", "nope")).join();
            assertThat(metadata.topics().get(0).partitions()).hasSize(2);
            assertThat(metadata.topics().get(1).error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(metadata.brokers().get(0).port()).isEqualTo(broker.port());

            TopicPartition p0 = new TopicPartition("payments", 0);
            assertThat(admin.latestOffset(p0).join()).isZero();
            assertThat(admin.listOffsets(Map.of(p0, ListOffsetsRequest.EARLIEST))
                            .join()
                            .get(p0)
                            .offset())
                    .isZero();

            admin.deleteTopic("payments").join();
            assertThat(admin.listTopics(null).join())
                    .extracting(ListTopicsResponse.Listing::name)
                    .containsExactly("orders", "orders-audit");
        }
    }

    @Test
    void adminErrorsCarryTheBrokersCodeAndMessage() {
        try (SluiceBroker broker =
                        SluiceBroker.start(BrokerConfig.forTesting(dir).build());
                SluiceClient client = SluiceClient.connect(clientOf(broker).build())) {
            SluiceAdmin admin = client.admin();
            admin.createTopic("orders", 1, Map.of()).join();

            assertThat(failure(admin.createTopic("orders", 1, Map.of())).error())
                    .isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
            SluiceClientException config = failure(admin.createTopic("bad", 1, Map.of("retention.ms", "soon")));
            assertThat(config.error()).isEqualTo(ErrorCode.INVALID_CONFIG);
            assertThat(config.brokerMessage()).contains("retention.ms");
            assertThat(failure(admin.createTopic("bad name!", 1, Map.of())).error())
                    .isEqualTo(ErrorCode.INVALID_TOPIC_NAME);
            assertThat(failure(admin.describeTopic("missing")).error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(failure(admin.deleteTopic("missing")).error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(failure(admin.latestOffset(new TopicPartition("orders", 7)))
                            .error())
                    .isEqualTo(ErrorCode.UNKNOWN_PARTITION);
        }
    }

    @Test
    void aWrongPasswordIsRejectedWithItsCode() {
        try (SluiceBroker broker = secureBroker()) {
            assertThatThrownBy(() -> SluiceClient.connect(
                            clientOf(broker).username("alice").password("guess").build()))
                    .isInstanceOf(SluiceClientException.class)
                    .satisfies(e -> {
                        assertThat(((SluiceClientException) e).error()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                        assertThat(((SluiceClientException) e).brokerMessage()).isNotBlank();
                    });
            assertThatThrownBy(() -> SluiceClient.connect(clientOf(broker).build()))
                    .isInstanceOf(SluiceClientException.class)
                    .extracting(e -> ((SluiceClientException) e).error())
                    .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            try (SluiceClient alice = SluiceClient.connect(
                    clientOf(broker).username("alice").password("alice-secret").build())) {
                assertThat(alice.state()).isEqualTo(ConnectionState.READY);
                // A user without the admin role may not create users.
                assertThat(failure(alice.admin().createUser("bob", "pw", List.of()))
                                .error())
                        .isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            }
            try (SluiceClient admin = SluiceClient.connect(
                    clientOf(broker).username("admin").password("admin-secret").build())) {
                admin.admin().createUser("bob", "bob-secret", List.of()).join();
            }
            try (SluiceClient bob = SluiceClient.connect(
                    clientOf(broker).username("bob").password("bob-secret").build())) {
                assertThat(bob.state()).isEqualTo(ConnectionState.READY);
            }
        }
    }

    @Test
    void aRequestBeforeTheHandshakeIsRefusedAndTheConnectionClosed() throws Exception {
        try (SluiceBroker broker = secureBroker();
                Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", broker.port()), 5_000);
            socket.setSoTimeout(10_000);
            ByteBuf frame = FrameWriter.encode(
                    UnpooledByteBufAllocator.DEFAULT,
                    FrameHeader.request(ApiKey.METADATA.id(), (short) 1, 42),
                    new MetadataRequest(null));
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            frame.release();
            socket.getOutputStream().write(bytes);

            EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(1 << 20));
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[4096];
            Frame answer = null;
            boolean closed = false;
            while (!closed) {
                int n = in.read(chunk);
                if (n < 0) {
                    closed = true;
                } else {
                    decoder.writeInbound(Unpooled.copiedBuffer(chunk, 0, n));
                    if (answer == null) {
                        answer = decoder.readInbound();
                    }
                }
            }
            assertThat(answer).isNotNull();
            try {
                assertThat(answer.header().correlationId()).isEqualTo(42);
                assertThat(answer.header().error()).isEqualTo(ErrorCode.HANDSHAKE_REQUIRED);
            } finally {
                answer.release();
                decoder.finishAndReleaseAll();
            }
        }
    }

    @Test
    void heartbeatsKeepTheConnectionOpenAcrossTheBrokersIdleTimeout() throws Exception {
        try (SluiceBroker broker = SluiceBroker.start(
                        BrokerConfig.forTesting(dir).idleTimeoutMs(1_000).build());
                SluiceClient client = SluiceClient.connect(clientOf(broker).build())) {
            long connectionId = client.connectionInfo().connectionId();
            assertThat(client.connectionInfo().idleTimeoutMs()).isEqualTo(1_000);
            Thread.sleep(3_500);
            assertThat(client.state()).isEqualTo(ConnectionState.READY);
            assertThat(client.connectionInfo().connectionId()).isEqualTo(connectionId);
            assertThat(client.admin().listTopics(null).join()).isEmpty();
        }
    }
}
