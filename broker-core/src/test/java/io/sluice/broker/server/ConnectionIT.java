package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.FrameClient;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateUserRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.api.HandshakeResponse;
import io.sluice.protocol.api.ListTopicsRequest;
import io.sluice.protocol.api.ListTopicsResponse;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Handshake, authentication, pipelining and malformed input over real TCP, with security on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionIT {
    private static final int PRE_AUTH_LIMIT = 4096;

    @TempDir
    static Path dataDir;

    private static SluiceBroker broker;

    @BeforeAll
    static void start() {
        broker = SluiceBroker.start(BrokerConfig.forTesting(dataDir)
                .securityEnabled(true)
                .preAuthMaxFrameBytes(PRE_AUTH_LIMIT)
                .user("admin", "admin-secret", List.of("admin"))
                .user("alice", "alice-secret", List.of())
                .build());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void handshakeNegotiatesVersionAndRaisesFrameLimit() throws IOException {
        try (FrameClient client = FrameClient.connect(broker.port())) {
            HandshakeResponse response = client.handshake("alice", "alice-secret");
            assertThat(response.protocolVersion()).isEqualTo((short) 1);
            assertThat(response.maxFrameBytes()).isEqualTo(broker.config().maxFrameBytes());
            assertThat(response.idleTimeoutMs()).isEqualTo(broker.config().idleTimeoutMs());
            // A frame above the pre-authentication limit is fine now.
            String longPrefix = "p".repeat(PRE_AUTH_LIMIT * 2);
            FrameClient.Response list = client.request(ApiKey.LIST_TOPICS, new ListTopicsRequest(longPrefix));
            assertThat(list.error()).isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void wrongPasswordIsRejectedAndClosesTheConnection() throws IOException {
        try (FrameClient client = FrameClient.connect(broker.port())) {
            FrameClient.Response response = client.request(ApiKey.HANDSHAKE, handshake("alice", "p4ssw0rd-guess"));
            assertThat(response.error()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(response.header().errorMessage())
                    .doesNotContain("p4ssw0rd-guess")
                    .contains("username or password");
            assertThat(client.awaitClosedByBroker(5_000)).isTrue();
        }
        try (FrameClient client = FrameClient.connect(broker.port())) {
            FrameClient.Response response = client.request(ApiKey.HANDSHAKE, handshake("nobody", "alice-secret"));
            assertThat(response.error()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        }
    }

    @Test
    void requestBeforeHandshakeGetsHandshakeRequiredAndClose() throws IOException {
        try (FrameClient client = FrameClient.connect(broker.port())) {
            FrameClient.Response response = client.request(ApiKey.METADATA, new MetadataRequest(null));
            assertThat(response.error()).isEqualTo(ErrorCode.HANDSHAKE_REQUIRED);
            assertThat(client.awaitClosedByBroker(5_000)).isTrue();
        }
    }

    @Test
    void unsupportedProtocolVersionIsRefused() throws IOException {
        try (FrameClient client = FrameClient.connect(broker.port())) {
            FrameClient.Response response = client.request(
                    ApiKey.HANDSHAKE, new HandshakeRequest((short) 7, (short) 9, null, "x", "alice", "alice-secret"));
            assertThat(response.error()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
            assertThat(client.awaitClosedByBroker(5_000)).isTrue();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredWithTheirCorrelationIds() throws IOException {
        try (FrameClient client = FrameClient.connect(broker.port())) {
            // Handshake and requests sent back to back, before any answer.
            int handshake = client.send(ApiKey.HANDSHAKE, handshake("alice", "alice-secret"));
            Set<Integer> sent = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                sent.add(client.send(ApiKey.HEARTBEAT, Empty.INSTANCE));
                sent.add(client.send(ApiKey.METADATA, new MetadataRequest(null)));
            }
            FrameClient.Response first = client.receive();
            assertThat(first.header().correlationId()).isEqualTo(handshake);
            assertThat(first.error()).isEqualTo(ErrorCode.NONE);
            Set<Integer> answered = new HashSet<>();
            for (int i = 0; i < sent.size(); i++) {
                FrameClient.Response r = client.receive();
                assertThat(r.error()).isEqualTo(ErrorCode.NONE);
                answered.add(r.header().correlationId());
            }
            assertThat(answered).isEqualTo(sent);
        }
    }

    @Test
    void unknownApiIsAnsweredAndTheConnectionStaysUsable() throws IOException {
        try (FrameClient client = FrameClient.connect(broker.port(), "alice", "alice-secret")) {
            client.send(FrameHeader.request((short) 999, (short) 1, 77), Empty.INSTANCE);
            FrameClient.Response response = client.receive();
            assertThat(response.header().correlationId()).isEqualTo(77);
            assertThat(response.error()).isEqualTo(ErrorCode.UNSUPPORTED_API);
            assertThat(client.request(ApiKey.HEARTBEAT, Empty.INSTANCE).error()).isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void createUserNeedsAdminAndTheNewUserCanLogIn() throws IOException {
        CreateUserRequest bob = new CreateUserRequest("bob", "bob-secret", List.of());
        try (FrameClient alice = FrameClient.connect(broker.port(), "alice", "alice-secret")) {
            assertThat(alice.request(ApiKey.CREATE_USER, bob).error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
        }
        try (FrameClient admin = FrameClient.connect(broker.port(), "admin", "admin-secret")) {
            assertThat(admin.request(ApiKey.CREATE_USER, bob).error()).isEqualTo(ErrorCode.NONE);
            assertThat(admin.request(ApiKey.CREATE_USER, new CreateUserRequest("", "x", List.of()))
                            .error())
                    .isEqualTo(ErrorCode.INVALID_REQUEST);
        }
        try (FrameClient client = FrameClient.connect(broker.port())) {
            assertThat(client.handshake("bob", "bob-secret").protocolVersion()).isEqualTo((short) 1);
        }
    }

    @Test
    void negativeFrameLengthClosesOnlyThatConnection() throws IOException {
        try (FrameClient healthy = FrameClient.connect(broker.port(), "alice", "alice-secret");
                FrameClient bad = FrameClient.connect(broker.port())) {
            bad.sendRaw(ByteBuffer.allocate(13).putInt(-5).array());
            assertThat(bad.awaitClosedByBroker(5_000)).isTrue();
            assertThat(healthy.request(ApiKey.METADATA, new MetadataRequest(null))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void oversizedFrameBeforeAuthenticationClosesTheConnection() throws IOException {
        try (FrameClient healthy = FrameClient.connect(broker.port(), "alice", "alice-secret");
                FrameClient bad = FrameClient.connect(broker.port())) {
            // Only the length field is sent: the broker must refuse before buffering the frame.
            bad.sendRaw(ByteBuffer.allocate(4).putInt(PRE_AUTH_LIMIT + 1).array());
            assertThat(bad.awaitClosedByBroker(5_000)).isTrue();
            assertThat(healthy.request(ApiKey.HEARTBEAT, Empty.INSTANCE).error())
                    .isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void garbageBodyClosesOnlyThatConnection() throws IOException {
        try (FrameClient healthy = FrameClient.connect(broker.port(), "alice", "alice-secret");
                FrameClient bad = FrameClient.connect(broker.port(), "alice", "alice-secret")) {
            // A METADATA request whose array count claims far more elements than the body holds.
            ByteBuf frame = FrameWriter.encode(
                    ByteBufAllocator.DEFAULT, FrameHeader.request(ApiKey.METADATA.id(), (short) 1, 5), out -> {
                        out.writeInt(1_000_000);
                        out.writeBytes(new byte[] {1, 2, 3});
                    });
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            frame.release();
            bad.sendRaw(bytes);
            assertThat(bad.awaitClosedByBroker(5_000)).isTrue();
            assertThat(healthy.request(ApiKey.LIST_TOPICS, new ListTopicsRequest(null))
                            .read(ListTopicsResponse::read))
                    .isNotNull();
        }
    }

    @Test
    void metadataListsThisBroker() throws IOException {
        try (FrameClient client = FrameClient.connect(broker.port(), "alice", "alice-secret")) {
            MetadataResponse response = client.call(ApiKey.METADATA, new MetadataRequest(null), MetadataResponse::read);
            assertThat(response.brokers()).containsExactly(new MetadataResponse.Broker(0, "127.0.0.1", broker.port()));
        }
    }

    private static HandshakeRequest handshake(String user, String password) {
        return new HandshakeRequest((short) 1, (short) 1, null, "sluice-test/1", user, password);
    }
}
