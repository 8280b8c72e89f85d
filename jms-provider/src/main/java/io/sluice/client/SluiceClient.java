package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import io.sluice.protocol.api.FetchRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native Sluice client: one connection to a broker (reconnected transparently within the
 * configured limits), shared by the {@link SluiceAdmin}, the {@link RecordProducer}s and the {@link
 * RecordConsumer}s made from it. The JMS provider builds on it, and applications may use it directly.
 *
 * <pre>{@code
 * try (SluiceClient client = SluiceClient.connect(ClientConfig.builder().host("127.0.0.1").build())) {
 *     client.admin().createTopic("orders", 3, Map.of()).join();
 *     try (RecordProducer producer = client.createProducer(ProducerConfig.defaults())) {
 *         RecordMetadata stored = producer.send(ProducerRecord.of("orders", key, value)).join();
 *     }
 * }
 * }</pre>
 *
 * <p>Threads: network I/O runs on a small event-loop group shared by all clients of the JVM. Futures
 * returned by the client complete, and listeners and push handlers run, on the callback executor
 * (the configured one, or a daemon thread of this client), one callback at a time in the order
 * things happened; never on the network thread.
 *
 * <p>Thread-safe.
 */
public final class SluiceClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SluiceClient.class);
    private static final AtomicInteger CLIENT_NUMBER = new AtomicInteger();

    private final ClientConfig config;
    private final ClientConnection connection;
    private final ExecutorService ownExecutor;
    private final Executor callbacks;
    private final SluiceAdmin admin;
    private final Clock clock;
    private final List<AutoCloseable> children = new CopyOnWriteArrayList<>();
    /** Set once by close(). */
    private final AtomicBoolean closed = new AtomicBoolean();

    private SluiceClient(ClientConfig config, ClientTls tls, EventLoop eventLoop, Clock clock) {
        this.config = config;
        this.clock = clock;
        if (config.callbackExecutor() == null) {
            String name = "sluice-client-callbacks-" + CLIENT_NUMBER.incrementAndGet();
            this.ownExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            this.callbacks = new SerialExecutor(ownExecutor);
        } else {
            this.ownExecutor = null;
            this.callbacks = new SerialExecutor(config.callbackExecutor());
        }
        this.connection = new ClientConnection(config, eventLoop, callbacks, tls);
        this.admin = new SluiceAdmin(this);
    }

    /**
     * Connects and handshakes, waiting up to {@code connectTimeoutMs}.
     *
     * @throws SluiceClientException CONNECTION_LOST if the broker cannot be reached (or the TLS
     *     handshake fails: untrusted certificate, wrong host name, broker without TLS),
     *     AUTHENTICATION_FAILED, UNSUPPORTED_VERSION, REQUEST_TIMED_OUT, ...
     * @throws IllegalArgumentException if the TLS trust store cannot be read
     */
    public static SluiceClient connect(ClientConfig config) {
        return Futures.await(connectAsync(config));
    }

    /** Connects without blocking; the future fails as {@link #connect} would throw. */
    public static CompletableFuture<SluiceClient> connectAsync(ClientConfig config) {
        Objects.requireNonNull(config, "config");
        ClientTls tls = ClientTls.of(config);
        SluiceClient client = new SluiceClient(config, tls, ClientEventLoops.acquire(), Clock.systemUTC());
        CompletableFuture<SluiceClient> result = new CompletableFuture<>();
        client.connection.connect().whenComplete((info, error) -> {
            if (error == null) {
                result.complete(client);
            } else {
                client.close();
                result.completeExceptionally(ClientErrors.unwrap(error));
            }
        });
        return result;
    }

    public SluiceAdmin admin() {
        return admin;
    }

    /**
     * Creates a producer; with idempotence (the default) it first obtains a producer identity from
     * the broker, waiting up to the request timeout.
     */
    public RecordProducer createProducer(ProducerConfig producerConfig) {
        checkOpen();
        RecordProducer[] made = new RecordProducer[1];
        RecordProducer producer = RecordProducer.create(
                producerConfig,
                connection,
                callbacks,
                config.requestTimeoutMs(),
                clock,
                () -> children.remove(made[0]));
        made[0] = producer;
        children.add(producer);
        return producer;
    }

    public RecordConsumer createConsumer(ConsumerConfig consumerConfig) {
        checkOpen();
        RecordConsumer[] made = new RecordConsumer[1];
        RecordConsumer consumer = new RecordConsumer(this, consumerConfig, () -> children.remove(made[0]));
        made[0] = consumer;
        children.add(consumer);
        return consumer;
    }

    /**
     * Fetches records; the result holds, per partition, the records from the requested offset on
     * (copied out of the network buffer) or the partition's error. The request may wait up to its
     * {@code maxWaitMs} at the broker (long poll) plus the request timeout.
     */
    public CompletableFuture<FetchResult> fetch(FetchRequest request) {
        return Futures.handOff(fetchInternal(request), callbacks);
    }

    /**
     * A request whose future completes on the event loop, for the client's own blocking calls: they
     * may then wait even on a callback thread without waiting for themselves.
     */
    <T> CompletableFuture<T> requestInternal(ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader) {
        return connection.send(api, body, reader, config.requestTimeoutMs());
    }

    /** A fetch whose future completes on the event loop; for the client's own consumers. */
    CompletableFuture<FetchResult> fetchInternal(FetchRequest request) {
        Objects.requireNonNull(request, "request");
        return connection.send(
                ApiKey.FETCH,
                request,
                body -> FetchDecoder.decode(request, body),
                (long) config.requestTimeoutMs() + Math.max(0, request.maxWaitMs()));
    }

    /**
     * Sends any request and decodes its answer with {@code reader} (normally a response type's
     * {@code read} method). The hook for APIs the JMS layer adds; the future completes on the callback
     * executor, or fails with a {@link SluiceClientException}.
     */
    public <T> CompletableFuture<T> request(ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader) {
        return request(api, body, reader, config.requestTimeoutMs());
    }

    /** Like {@link #request(ApiKey, ApiMessage, Function)} with its own timeout. */
    public <T> CompletableFuture<T> request(
            ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader, long timeoutMs) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(reader, "reader");
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive, was " + timeoutMs);
        }
        return Futures.handOff(connection.<T>send(api, body, reader, timeoutMs), callbacks);
    }

    /**
     * Like {@link #request(ApiKey, ApiMessage, Function, long)}, but only on the connection of {@code
     * epoch} (see {@link #connectionEpoch()}): if that connection is lost, or was lost already, the
     * request fails with CONNECTION_LOST instead of going out on the next connection. For frames that
     * name things only that connection knows (delivery ids, consumer ids).
     */
    public <T> CompletableFuture<T> request(
            ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader, long timeoutMs, long epoch) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(reader, "reader");
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive, was " + timeoutMs);
        }
        return Futures.handOff(connection.<T>send(api, body, reader, timeoutMs, epoch), callbacks);
    }

    /** Like {@link #sendOneWay(ApiKey, ApiMessage)}, but only on the connection of {@code epoch}. */
    public CompletableFuture<Void> sendOneWay(ApiKey api, ApiMessage body, long epoch) {
        return Futures.handOff(connection.sendOneWay(api, body, epoch), callbacks);
    }

    /**
     * How many connections have been lost so far (0 on the first connection). It changes on the
     * network thread when a loss is noticed, before anything of the next connection is received and
     * before {@link ConnectionListener#onConnectionLost} runs.
     */
    public long connectionEpoch() {
        return connection.epoch();
    }

    /**
     * Sends a request that wants no answer (ONE_WAY flag, e.g. acknowledgements). The future
     * completes once the frame is written, or fails at once when the client is not connected.
     */
    public CompletableFuture<Void> sendOneWay(ApiKey api, ApiMessage body) {
        return Futures.handOff(connection.sendOneWay(api, body), callbacks);
    }

    /**
     * Routes frames the broker pushes with API key {@code api} to {@code handler}, run on the
     * callback executor. {@code decoder} runs on the network thread while the frame is valid: it must
     * be quick and must copy what it keeps (see {@link ConsumerRecord#copyOf}); the frame is released
     * right after it returns.
     *
     * @throws IllegalStateException if a handler for {@code api} is already registered
     */
    public <T> void registerPushHandler(
            ApiKey api, Function<ByteBuf, ? extends T> decoder, Consumer<? super T> handler) {
        registerPushHandler(api, decoder, callbacks, handler);
    }

    /** Like {@link #registerPushHandler(ApiKey, Function, Consumer)}, running handlers on {@code executor} (serially). */
    public <T> void registerPushHandler(
            ApiKey api, Function<ByteBuf, ? extends T> decoder, Executor executor, Consumer<? super T> handler) {
        connection.pushRouter().register(api, decoder, executor, handler);
    }

    public void unregisterPushHandler(ApiKey api) {
        connection.pushRouter().unregister(api);
    }

    /** Adds a listener for connection loss, reconnection and giving up. */
    public void addConnectionListener(ConnectionListener listener) {
        connection.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeConnectionListener(ConnectionListener listener) {
        connection.removeListener(listener);
    }

    public ConnectionState state() {
        return connection.state();
    }

    /** The handshake answer of the current (or last) connection. */
    public ConnectionInfo connectionInfo() {
        return connection.info();
    }

    public ClientConfig config() {
        return config;
    }

    /** Closes the current TCP connection as a network failure would; the client then reconnects. */
    void dropConnection() {
        connection.dropChannel();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw ClientErrors.closed("the client");
        }
        if (connection.state().isTerminal()) {
            throw ClientErrors.illegalState("the client is " + connection.state());
        }
    }

    /** Closes producers (waiting up to the request timeout for their records), consumers and the connection. */
    @Override
    public void close() {
        close(Duration.ofMillis(config.requestTimeoutMs()));
    }

    /** Closes, giving producers up to {@code timeout} to complete what was sent. */
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            for (AutoCloseable child : new ArrayList<>(children)) {
                if (child instanceof RecordProducer producer) {
                    producer.close(timeout);
                } else {
                    closeQuietly(child);
                }
            }
            connection.close().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("closing the client to {} did not finish cleanly", connection.address(), e);
        } finally {
            ClientEventLoops.release();
            if (ownExecutor != null) {
                ownExecutor.shutdown();
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // A consumer's close does not fail; nothing to report.
        }
    }
}
