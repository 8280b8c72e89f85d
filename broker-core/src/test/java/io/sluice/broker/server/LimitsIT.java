package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTemporaryRequest;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.message.DestinationKind;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits a client cannot talk its way past: record size and header count, consumers and temporary
 * destinations per connection, connections per client address, and the time to authenticate.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LimitsIT {
    private static final int PRE_AUTH_TIMEOUT_MS = 800;

    @TempDir
    static Path dataDir;

    private static SluiceBroker broker;

    @BeforeAll
    static void start() throws IOException {
        broker = SluiceBroker.start(BrokerConfig.forTesting(dataDir)
                .maxConsumersPerConnection(3)
                .maxTemporariesPerConnection(2)
                .maxConnectionsPerAddress(6)
                .preAuthTimeoutMs(PRE_AUTH_TIMEOUT_MS)
                .build());
        try (FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            c.call(
                    ApiKey.CREATE_TOPIC,
                    new CreateTopicRequest("limited", 1, Map.of("max.record.bytes", "1024", "max.record.headers", "2")),
                    Empty::read);
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static ByteBuf batch(int valueBytes, int headers) {
        RecordBatchBuilder b = RecordBatchBuilder.plain(new UnpooledByteBufAllocator(false), 256);
        List<Header> list = new ArrayList<>();
        for (int i = 0; i < headers; i++) {
            list.add(Header.of("h" + i, new byte[] {1}));
        }
        ByteBuf value = UnpooledByteBufAllocator.DEFAULT.heapBuffer().writeBytes(new byte[valueBytes]);
        b.append(1L, (byte) 0, null, value, list);
        value.release();
        return b.build();
    }

    @Test
    void recordsLargerThanTheTopicAllowsOrWithTooManyHeadersAreRefused() throws IOException {
        try (FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            assertThat(Produce.send(c, "limited", 0, batch(900, 2)).error()).isEqualTo(ErrorCode.NONE);
            ProduceResponse.PartitionResult large = Produce.send(c, "limited", 0, batch(1100, 0));
            assertThat(large.error()).isEqualTo(ErrorCode.RECORD_TOO_LARGE);
            assertThat(large.errorMessage()).contains("max.record.bytes", "1024");
            ProduceResponse.PartitionResult headers = Produce.send(c, "limited", 0, batch(10, 3));
            assertThat(headers.error()).isEqualTo(ErrorCode.RECORD_TOO_LARGE);
            assertThat(headers.errorMessage()).contains("3 headers", "max.record.headers");
            assertThat(Produce.fetchAll(c, "limited", 0)).hasSize(1);
        }
    }

    @Test
    void consumersPerConnectionAreLimited() throws IOException {
        try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
            for (int i = 1; i <= 3; i++) {
                c.createConsumer(DeliveryClient.queueConsumer(i, "q-limit", 1));
            }
            FrameClient.Response fourth = c.createConsumerRaw(DeliveryClient.queueConsumer(4, "q-limit", 1));
            assertThat(fourth.error()).isEqualTo(ErrorCode.RESOURCE_LIMIT_EXCEEDED);
            assertThat(fourth.header().errorMessage()).contains("connection.max.consumers");
            c.closeConsumer(2);
            c.createConsumer(DeliveryClient.queueConsumer(4, "q-limit", 1));
        }
        try (DeliveryClient other = DeliveryClient.connect(broker.port())) {
            other.createConsumer(DeliveryClient.queueConsumer(1, "q-limit", 1));
        }
    }

    @Test
    void temporaryDestinationsPerConnectionAreLimitedEvenWhenRequestedAllAtOnce() throws IOException {
        try (FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add(c.send(ApiKey.CREATE_TEMPORARY, new CreateTemporaryRequest(DestinationKind.TEMPORARY_QUEUE)));
            }
            int created = 0;
            int refused = 0;
            for (int id : sent) {
                FrameClient.Response r = c.awaitResponse(id);
                if (r.error() == ErrorCode.NONE) {
                    created++;
                } else {
                    assertThat(r.error()).isEqualTo(ErrorCode.RESOURCE_LIMIT_EXCEEDED);
                    assertThat(r.header().errorMessage()).contains("connection.max.temporaries");
                    refused++;
                }
            }
            assertThat(created).isEqualTo(2);
            assertThat(refused).isEqualTo(3);
        }
    }

    @Test
    void connectionsPerAddressAreLimitedWithAClearError() throws IOException {
        List<FrameClient> open = new ArrayList<>();
        try {
            FrameClient.Response refused = null;
            for (int i = 0; i < 8 && refused == null; i++) {
                FrameClient c = FrameClient.connect(broker.port());
                FrameClient.Response r = c.request(ApiKey.HANDSHAKE, hello());
                if (r.error() == ErrorCode.NONE) {
                    open.add(c);
                } else {
                    refused = r;
                    assertThat(c.awaitClosedByBroker(5_000)).isTrue();
                    c.close();
                }
            }
            assertThat(refused).isNotNull();
            assertThat(refused.error()).isEqualTo(ErrorCode.RESOURCE_LIMIT_EXCEEDED);
            assertThat(refused.header().errorMessage()).contains("127.0.0.1").contains("connection.max.per.address");
            assertThat(open).hasSizeLessThanOrEqualTo(6);
            open.remove(0).close();
            // The slot is free again once the broker has seen the close.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (FrameClient again = FrameClient.connect(broker.port())) {
                    if (again.request(ApiKey.HANDSHAKE, hello()).error() == ErrorCode.NONE) {
                        break;
                    }
                }
                assertThat(System.nanoTime()).isLessThan(deadline);
            }
        } finally {
            for (FrameClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void connectionsThatDoNotAuthenticateInTimeAreClosedButHealthyOnesStay() throws IOException {
        try (FrameClient healthy = FrameClient.connect(broker.port(), null, null);
                FrameClient silent = FrameClient.connect(broker.port());
                FrameClient dripping = FrameClient.connect(broker.port())) {
            long start = System.nanoTime();
            byte[] handshake = encodedHello();
            dripping.sendRaw(new byte[] {handshake[0], handshake[1]});
            assertThat(silent.awaitClosedByBroker(5_000)).isTrue();
            assertThat(dripping.awaitClosedByBroker(5_000)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(PRE_AUTH_TIMEOUT_MS - 100);
            assertThat(healthy.request(ApiKey.HEARTBEAT, Empty.INSTANCE).error())
                    .isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void lengthFieldsOutsideThePreAuthenticationLimitCloseTheConnectionAtOnce() throws IOException {
        int limit = broker.config().preAuthMaxFrameBytes();
        for (int length : new int[] {-1, Integer.MAX_VALUE, limit + 1, 0, 8}) {
            try (FrameClient bad = FrameClient.connect(broker.port())) {
                bad.sendRaw(ByteBuffer.allocate(4).putInt(length).array());
                long start = System.nanoTime();
                assertThat(bad.awaitClosedByBroker(5_000))
                        .as("length %d", length)
                        .isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .as("closed before the pre-authentication timeout, length %d", length)
                        .isLessThan(PRE_AUTH_TIMEOUT_MS);
            }
        }
    }

    private static HandshakeRequest hello() {
        return new HandshakeRequest((short) 1, (short) 1, null, "limits-test", null, null);
    }

    private static byte[] encodedHello() {
        ByteBuf frame = io.sluice.protocol.codec.FrameWriter.encode(
                UnpooledByteBufAllocator.DEFAULT,
                io.sluice.protocol.codec.FrameHeader.request(ApiKey.HANDSHAKE.id(), (short) 1, 1),
                hello());
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        return bytes;
    }
}
