package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientConnectionTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private FakeBroker broker() throws InterruptedException {
        FakeBroker broker = FakeBroker.start();
        toClose.add(broker);
        return broker;
    }

    private SluiceClient connect(ClientConfig config) {
        SluiceClient client = SluiceClient.connect(config);
        toClose.add(client);
        return client;
    }

    private static SluiceClientException failure(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            return ClientErrors.unwrap(e);
        }
        throw new AssertionError("the future succeeded");
    }

    @Test
    void handshakeReportsTheBrokersAnswer() throws Exception {
        FakeBroker broker = broker();
        broker.idleTimeoutMs = 12_000;
        SluiceClient client = connect(broker.clientConfig().clientId("app-1").build());

        ConnectionInfo info = client.connectionInfo();
        assertThat(client.state()).isEqualTo(ConnectionState.READY);
        assertThat(info.idleTimeoutMs()).isEqualTo(12_000);
        assertThat(info.serverVersion()).isEqualTo("fake");
        assertThat(info.port()).isEqualTo(broker.port());
    }

    @Test
    void wrongPasswordFailsWithItsCode() throws Exception {
        FakeBroker broker = broker();
        broker.requiredUsername = "alice";
        broker.requiredPassword = "right";

        assertThatThrownBy(() -> connect(broker.clientConfig()
                        .username("alice")
                        .password("wrong")
                        .build()))
                .isInstanceOf(SluiceClientException.class)
                .satisfies(e -> {
                    SluiceClientException s = (SluiceClientException) e;
                    assertThat(s.error()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                    assertThat(s.brokerMessage()).isEqualTo("wrong username or password");
                });
        SluiceClient ok = connect(
                broker.clientConfig().username("alice").password("right").build());
        assertThat(ok.state()).isEqualTo(ConnectionState.READY);
    }

    @Test
    void unreachableBrokerFailsTheFirstConnectWithConnectionLost() throws Exception {
        int port;
        try (FakeBroker gone = FakeBroker.start()) {
            port = gone.port();
        }
        ClientConfig config = ClientConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .connectTimeoutMs(2_000)
                .build();
        assertThatThrownBy(() -> SluiceClient.connect(config))
                .isInstanceOf(SluiceClientException.class)
                .extracting(e -> ((SluiceClientException) e).error())
                .isEqualTo(ErrorCode.CONNECTION_LOST);
    }

    @Test
    void pipelinedRequestsAreMatchedToTheirAnswers() throws Exception {
        FakeBroker broker = broker();
        SluiceClient client = connect(broker.clientConfig().build());
        List<CompletableFuture<InitProducerIdResponse>> inits = new ArrayList<>();
        List<CompletableFuture<MetadataResponse>> metadata = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            inits.add(client.request(
                    ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest("p" + i), InitProducerIdResponse::read));
            metadata.add(
                    client.request(ApiKey.METADATA, new MetadataRequest(List.of("t" + i)), MetadataResponse::read));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(inits.get(i).join().producerEpoch()).isEqualTo((short) 0);
            assertThat(metadata.get(i).join().topics().get(0).name()).isEqualTo("t" + i);
        }
        assertThat(inits.stream().map(f -> f.join().producerId()).distinct()).hasSize(50);
    }

    @Test
    void brokerErrorsCarryCodeAndMessage() throws Exception {
        FakeBroker broker = broker();
        SluiceClient client = connect(broker.clientConfig().build());
        client.admin().createTopic("orders", 2, Map.of()).join();

        SluiceClientException e = failure(client.admin().createTopic("orders", 2, Map.of()));
        assertThat(e.error()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
        assertThat(e.brokerMessage()).isEqualTo("topic 'orders' already exists");
        assertThat(e.getMessage()).contains("CREATE_TOPIC", "TOPIC_ALREADY_EXISTS", "already exists");
    }

    @Test
    void aRequestWithoutAnswerTimesOut() throws Exception {
        FakeBroker broker = broker();
        broker.createTopic("t", 1);
        broker.produceFault = n -> FakeBroker.Fault.IGNORE;
        SluiceClient client = connect(broker.clientConfig().build());

        CompletableFuture<ProduceResponse> answer = client.request(
                ApiKey.PRODUCE, new ProduceRequest(Durability.APPENDED, 1000, List.of()), ProduceResponse::read, 300);
        SluiceClientException e = failure(answer);
        assertThat(e.error()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(e.getMessage()).contains("PRODUCE", "300 ms");
        // The connection survives a timeout.
        assertThat(client.admin().metadata(null).join().topics()).hasSize(1);
    }

    @Test
    void inFlightRequestsFailWithConnectionLostAndTheClientReconnects() throws Exception {
        FakeBroker broker = broker();
        broker.createTopic("t", 1);
        broker.produceFault = n -> FakeBroker.Fault.IGNORE;
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        SluiceClient client = connect(broker.clientConfig().build());
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnectionLost(SluiceClientException cause) {
                events.add("lost " + cause.error());
            }

            @Override
            public void onReconnected(ConnectionInfo connection) {
                events.add("reconnected " + connection.connectionId());
            }
        });
        long firstConnection = client.connectionInfo().connectionId();
        CompletableFuture<ProduceResponse> stuck = client.request(
                ApiKey.PRODUCE, new ProduceRequest(Durability.APPENDED, 1000, List.of()), ProduceResponse::read);

        broker.dropConnections();

        assertThat(failure(stuck).error()).isEqualTo(ErrorCode.CONNECTION_LOST);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("lost CONNECTION_LOST");
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("reconnected ");
        assertThat(client.connectionInfo().connectionId()).isNotEqualTo(firstConnection);
        assertThat(client.state()).isEqualTo(ConnectionState.READY);
        assertThat(broker.handshakes()).isEqualTo(2);
        assertThat(client.admin().metadata(null).join().topics()).hasSize(1);
    }

    @Test
    void requestsMadeWhileReconnectingAreSentOnceConnected() throws Exception {
        FakeBroker broker = broker();
        int port = broker.port();
        SluiceClient client =
                connect(broker.clientConfig().reconnectTimeoutMs(20_000).build());
        CountDownLatch lost = new CountDownLatch(1);
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnectionLost(SluiceClientException cause) {
                lost.countDown();
            }
        });
        broker.close();
        toClose.remove(broker);
        assertThat(lost.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> created = client.admin().createTopic("later", 1, Map.of());
        Thread.sleep(300);
        assertThat(created).isNotDone();
        assertThat(client.state()).isEqualTo(ConnectionState.RECONNECTING);

        FakeBroker back = FakeBroker.startOn(port);
        toClose.add(back);
        created.get(10, TimeUnit.SECONDS);
        assertThat(back.values("later", 0)).isEmpty();
    }

    @Test
    void givingUpFailsPendingRequestsAndTellsListeners() throws Exception {
        FakeBroker broker = broker();
        SluiceClient client = connect(broker.clientConfig()
                .reconnectMaxAttempts(3)
                .reconnectBackoffMs(10)
                .reconnectBackoffMaxMs(20)
                .build());
        AtomicReference<SluiceClientException> gaveUp = new AtomicReference<>();
        CountDownLatch failed = new CountDownLatch(1);
        AtomicReference<String> callbackThread = new AtomicReference<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void onReconnectFailed(SluiceClientException cause) {
                gaveUp.set(cause);
                callbackThread.set(Thread.currentThread().getName());
                failed.countDown();
            }
        });
        broker.close();
        toClose.remove(broker);

        CompletableFuture<Void> pending = client.admin().createTopic("x", 1, Map.of());
        assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
        assertThat(gaveUp.get().error()).isEqualTo(ErrorCode.CONNECTION_LOST);
        assertThat(gaveUp.get().getMessage()).contains("gave up reconnecting", "3 attempts");
        assertThat(callbackThread.get()).startsWith("sluice-client-callbacks-");
        SluiceClientException e = failure(pending);
        assertThat(e.error()).isEqualTo(ErrorCode.CONNECTION_LOST);
        assertThat(failure(client.admin().metadata(null)).error()).isEqualTo(ErrorCode.CONNECTION_LOST);
    }

    @Test
    void heartbeatsKeepAQuietConnectionAlive() throws Exception {
        FakeBroker broker = broker();
        broker.idleTimeoutMs = 300;
        connect(broker.clientConfig().build());
        Thread.sleep(1_000);
        assertThat(broker.heartbeats()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theClientAnswersTheBrokersHeartbeat() throws Exception {
        FakeBroker broker = broker();
        SluiceClient client = connect(broker.clientConfig().build());
        assertThat(broker.heartbeatClients(77)).isEqualTo(1);
        // The answer arrives on the broker side and is ignored; the connection stays usable.
        assertThat(client.admin().metadata(null).join().brokers()).hasSize(1);
        assertThat(client.state()).isEqualTo(ConnectionState.READY);
    }

    @Test
    void pushFramesReachTheirHandlerOffTheNetworkThread() throws Exception {
        FakeBroker broker = broker();
        SluiceClient client = connect(broker.clientConfig().build());
        BlockingQueue<String> pushes = new LinkedBlockingQueue<>();
        client.registerPushHandler(
                ApiKey.CREATE_TOPIC,
                CreateTopicRequest::read,
                r -> pushes.add(r.name() + "@" + Thread.currentThread().getName()));
        assertThatThrownBy(() -> client.registerPushHandler(ApiKey.CREATE_TOPIC, Empty::read, e -> {}))
                .isInstanceOf(IllegalStateException.class);

        for (int i = 0; i < 5; i++) {
            broker.push(ApiKey.CREATE_TOPIC, new CreateTopicRequest("pushed-" + i, 1, Map.of()));
        }
        for (int i = 0; i < 5; i++) {
            String push = pushes.poll(10, TimeUnit.SECONDS);
            assertThat(push).startsWith("pushed-" + i + "@sluice-client-callbacks-");
        }
    }

    @Test
    void completionsRunOnTheCallbackExecutorNotTheNetworkThread() throws Exception {
        FakeBroker broker = broker();
        SluiceClient client = connect(broker.clientConfig().build());
        String thread = client.admin()
                .metadata(null)
                .thenApply(m -> Thread.currentThread().getName())
                .join();
        assertThat(thread).doesNotStartWith("sluice-client-io");
    }

    @Test
    void closingFailsPendingRequestsAndLaterCalls() throws Exception {
        FakeBroker broker = broker();
        broker.createTopic("t", 1);
        broker.produceFault = n -> FakeBroker.Fault.IGNORE;
        SluiceClient client = SluiceClient.connect(broker.clientConfig().build());
        CompletableFuture<ProduceResponse> stuck = client.request(
                ApiKey.PRODUCE, new ProduceRequest(Durability.APPENDED, 1000, List.of()), ProduceResponse::read);
        client.close();
        assertThat(failure(stuck).error()).isEqualTo(ErrorCode.ILLEGAL_STATE);
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(failure(client.admin().metadata(null)).getMessage()).contains("closed");
    }
}
