package io.sluice.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.api.HandshakeResponse;
import io.sluice.protocol.api.ProtocolVersion;
import io.sluice.protocol.codec.Frame;
import io.sluice.protocol.codec.FrameDecoder;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical connection to a broker: a TCP channel that is opened, handshaken, kept alive with
 * heartbeats and, when it drops, replaced by a new one within the configured reconnect limits.
 * Requests are pipelined and matched to answers by correlation id; each has a timeout, so its
 * future always completes. Requests made while the connection is being re-established wait and are
 * sent once it is ready; requests that were on the wire when it dropped fail with CONNECTION_LOST
 * (the caller decides whether a re-send is safe: the producer re-sends, admin calls do not).
 *
 * <p>Thread-safe: public methods may be called from any thread and hop onto the connection's
 * event loop; all protocol state is confined to that loop, which is the same for every channel the
 * connection opens. Futures returned by {@link #send} complete on the event loop: only the client's
 * own code may chain onto them; {@link SluiceClient} hands results to user code on the callback
 * executor.
 */
final class ClientConnection {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    /** Heartbeat period when neither the configuration nor the broker's idle timeout gives one. */
    private static final int FALLBACK_HEARTBEAT_MS = 10_000;

    private final ClientConfig config;
    private final EventLoop eventLoop;
    private final Executor callbacks;
    private final Bootstrap bootstrap;
    private final PushRouter pushRouter = new PushRouter();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionObserver> observers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<ConnectionInfo> firstConnect = new CompletableFuture<>();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    // Confined to the event loop.
    private Channel channel;
    private boolean handshaken;
    private final Map<Integer, PendingRequest<?>> inFlight = new HashMap<>();
    private final ArrayDeque<PendingRequest<?>> waiting = new ArrayDeque<>();
    private int nextCorrelationId = 1;
    private long lastWriteNanos;
    private io.netty.util.concurrent.ScheduledFuture<?> heartbeatTask;
    private boolean heartbeatOutstanding;
    private int reconnectAttempts;
    private long reconnectStartNanos;
    private SluiceClientException lastAttemptError;
    private Throwable channelError;

    /** Volatile: read by API threads to fail fast and to report the state. */
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    /** Volatile: read by API threads (frame limits, diagnostics). */
    private volatile ConnectionInfo info;

    ClientConnection(ClientConfig config, EventLoop eventLoop, Executor callbacks) {
        this.config = config;
        this.eventLoop = eventLoop;
        this.callbacks = callbacks;
        this.bootstrap = new Bootstrap()
                .group(eventLoop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMs())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("frames", new FrameDecoder(config.maxInboundFrameBytes()))
                                .addLast("client", new ClientChannelHandler(ClientConnection.this));
                    }
                });
    }

    /** Opens the first connection; completes once handshaken, or fails without retrying. */
    CompletableFuture<ConnectionInfo> connect() {
        eventLoop.execute(this::openChannel);
        return firstConnect;
    }

    EventLoop eventLoop() {
        return eventLoop;
    }

    ConnectionState state() {
        return state;
    }

    /** The current (or last) connection's handshake answer; null before the first handshake. */
    ConnectionInfo info() {
        return info;
    }

    /** Whether requests written now go straight to the wire. Event loop only. */
    boolean isReady() {
        return state == ConnectionState.READY && handshaken && channel != null;
    }

    PushRouter pushRouter() {
        return pushRouter;
    }

    void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    void addObserver(ConnectionObserver observer) {
        observers.add(observer);
    }

    void removeObserver(ConnectionObserver observer) {
        observers.remove(observer);
    }

    /**
     * Sends a request and returns a future completed on the event loop with the decoded answer, or
     * failed with a {@link SluiceClientException}: the broker's error, REQUEST_TIMED_OUT after
     * {@code timeoutMs}, CONNECTION_LOST, or the client's terminal state.
     */
    <T> CompletableFuture<T> send(ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader, long timeoutMs) {
        PendingRequest<T> request = new PendingRequest<>(api, body, reader, timeoutMs);
        onLoop(() -> submit(request), () -> request.fail(ClientErrors.closed("the client")));
        return request.future;
    }

    /** Writes a one-way request (no answer); the future completes once it is written. */
    CompletableFuture<Void> sendOneWay(ApiKey api, ApiMessage body) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Runnable write = () -> {
            if (!isReady()) {
                written.completeExceptionally(notReady());
                return;
            }
            ByteBuf frame;
            try {
                frame = FrameWriter.encode(channel.alloc(), FrameHeader.oneWay(api.id(), api.maxVersion()), body);
            } catch (RuntimeException e) {
                written.completeExceptionally(ClientErrors.invalidRequest("cannot encode " + api + ": " + e, e));
                return;
            }
            lastWriteNanos = System.nanoTime();
            channel.writeAndFlush(frame).addListener(f -> {
                if (f.isSuccess()) {
                    written.complete(null);
                } else {
                    written.completeExceptionally(
                            ClientErrors.connectionLost("could not write " + api + ": " + f.cause(), f.cause()));
                }
            });
        };
        onLoop(write, () -> written.completeExceptionally(ClientErrors.closed("the client")));
        return written;
    }

    /** Closes the connection for good; pending requests fail with ILLEGAL_STATE. */
    CompletableFuture<Void> close() {
        onLoop(this::closeOnLoop, () -> closeFuture.complete(null));
        return closeFuture;
    }

    /** Closes the current channel as if the network had dropped it (tests and diagnostics). */
    void dropChannel() {
        onLoop(() -> {
            if (channel != null) {
                channel.close();
            }
        });
    }

    /**
     * Runs {@code task} on the event loop. Once the client is closed its loop may be gone (the shared
     * group shuts down with its last client), so {@code whenClosed} runs instead, on the caller.
     */
    private void onLoop(Runnable task, Runnable whenClosed) {
        if (eventLoop.inEventLoop()) {
            task.run();
            return;
        }
        if (state != ConnectionState.CLOSED) {
            try {
                eventLoop.execute(task);
                return;
            } catch (RejectedExecutionException e) {
                // The loop is shutting down: the client was closed meanwhile.
            }
        }
        whenClosed.run();
    }

    private void onLoop(Runnable task) {
        onLoop(task, () -> {});
    }

    // ---- requests ----

    private void submit(PendingRequest<?> request) {
        if (state.isTerminal()) {
            request.fail(notReady());
            return;
        }
        request.timeoutTask(eventLoop.schedule(() -> onTimeout(request), request.timeoutMs, TimeUnit.MILLISECONDS));
        if (isReady()) {
            write(request);
        } else {
            waiting.add(request);
        }
    }

    private void write(PendingRequest<?> request) {
        int correlationId = nextCorrelationId;
        nextCorrelationId = nextCorrelationId == Integer.MAX_VALUE ? 1 : nextCorrelationId + 1;
        ByteBuf frame;
        try {
            frame = FrameWriter.encode(
                    channel.alloc(),
                    FrameHeader.request(request.api.id(), request.api.maxVersion(), correlationId),
                    request.body);
        } catch (RuntimeException e) {
            request.fail(ClientErrors.invalidRequest("cannot encode " + request.api + ": " + e.getMessage(), e));
            return;
        }
        int frameBytes = frame.readableBytes() - FrameHeader.LENGTH_FIELD_BYTES;
        ConnectionInfo current = info;
        if (current != null && handshaken && frameBytes > current.maxFrameBytes()) {
            frame.release();
            request.fail(ClientErrors.fromBroker(
                    request.api.name(),
                    ErrorCode.FRAME_TOO_LARGE,
                    "the request takes " + frameBytes + " bytes, the broker accepts at most " + current.maxFrameBytes()
                            + " (checked by the client, not sent)"));
            return;
        }
        request.correlationId = correlationId;
        inFlight.put(correlationId, request);
        lastWriteNanos = System.nanoTime();
        Channel ch = channel;
        ch.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("write to {} failed; closing the channel", ch, f.cause());
                ch.close();
            }
        });
    }

    private void onTimeout(PendingRequest<?> request) {
        if (request.isDone()) {
            return;
        }
        if (request.correlationId != 0) {
            inFlight.remove(request.correlationId, request);
        }
        waiting.remove(request);
        request.fail(ClientErrors.timeout(request.describe(), request.timeoutMs));
    }

    private SluiceClientException notReady() {
        ConnectionState s = state;
        if (s == ConnectionState.CLOSED) {
            return ClientErrors.closed("the client");
        }
        if (s == ConnectionState.FAILED) {
            return ClientErrors.connectionLost(
                    "the client gave up connecting to " + address()
                            + (lastAttemptError == null ? "" : ": " + lastAttemptError.getMessage()),
                    lastAttemptError);
        }
        return ClientErrors.connectionLost("not connected to " + address() + " (" + s + ")", null);
    }

    private void failAll(java.util.Collection<? extends PendingRequest<?>> requests, SluiceClientException cause) {
        List<PendingRequest<?>> copy = new ArrayList<>(requests);
        requests.clear();
        for (PendingRequest<?> r : copy) {
            r.fail(cause);
        }
    }

    // ---- inbound ----

    void onFrame(Channel ch, Frame frame) {
        if (ch != channel) {
            return;
        }
        FrameHeader header = frame.header();
        if (header.isResponse()) {
            onResponse(ch, header, frame.body());
        } else if (header.isPush()) {
            try {
                pushRouter.route(header, frame.body());
            } catch (RuntimeException e) {
                log.error("cannot decode a push frame {} from {}; closing the connection", header, address(), e);
                ch.close();
            }
        } else {
            onBrokerRequest(ch, header);
        }
    }

    private void onResponse(Channel ch, FrameHeader header, ByteBuf body) {
        PendingRequest<?> request = inFlight.remove(header.correlationId());
        if (request == null) {
            log.debug("ignoring an answer to correlation id {} (timed out or unknown)", header.correlationId());
            return;
        }
        if (header.apiKey() != request.api.id()) {
            request.fail(ClientErrors.corrupt(
                    "answer to " + request.describe() + " carries api key " + header.apiKey(), null));
            ch.close();
            return;
        }
        if (header.error() != ErrorCode.NONE) {
            request.fail(ClientErrors.fromBroker(request.api, header.error(), header.errorMessage()));
            return;
        }
        completeDecoded(ch, request, body);
    }

    private <T> void completeDecoded(Channel ch, PendingRequest<T> request, ByteBuf body) {
        T value;
        try {
            value = request.reader.apply(body);
        } catch (SluiceClientException e) {
            request.fail(e);
            ch.close();
            return;
        } catch (RuntimeException e) {
            request.fail(ClientErrors.corrupt(
                    "cannot decode the answer to " + request.describe() + ": " + e.getMessage(), e));
            ch.close();
            return;
        }
        request.complete(value);
    }

    private void onBrokerRequest(Channel ch, FrameHeader header) {
        if (header.isOneWay()) {
            log.debug("ignoring one-way frame {} from the broker", header);
            return;
        }
        boolean heartbeat = header.apiKey() == ApiKey.HEARTBEAT.id();
        FrameHeader answer = heartbeat
                ? FrameHeader.response(header, ErrorCode.NONE, null)
                : FrameHeader.response(header, ErrorCode.UNSUPPORTED_API, "the client serves only HEARTBEAT requests");
        ch.writeAndFlush(FrameWriter.encode(ch.alloc(), answer, heartbeat ? Empty.INSTANCE : null));
    }

    void onChannelError(Channel ch, Throwable cause) {
        if (ch == channel) {
            log.warn("connection to {} failed: {}; closing it", address(), cause.toString());
            channelError = cause;
        }
        ch.close();
    }

    void onChannelInactive(Channel ch) {
        if (ch != channel) {
            return;
        }
        Throwable error = channelError;
        SluiceClientException cause = ClientErrors.connectionLost(
                "connection to " + address() + " was closed" + (error == null ? "" : ": " + error), error);
        if (handshaken) {
            onConnectionLost(cause);
        } else {
            attemptFailed(ch, cause);
        }
    }

    // ---- connecting and handshaking ----

    private void openChannel() {
        if (state.isTerminal()) {
            return;
        }
        channelError = null;
        ChannelFuture connecting = bootstrap.connect(config.host(), config.port());
        Channel ch = connecting.channel();
        channel = ch;
        handshaken = false;
        connecting.addListener(f -> {
            if (ch != channel) {
                ch.close();
            } else if (!f.isSuccess()) {
                attemptFailed(
                        ch,
                        ClientErrors.connectionLost(
                                "cannot connect to " + address() + ": "
                                        + f.cause().getMessage(),
                                f.cause()));
            } else {
                sendHandshake(ch);
            }
        });
    }

    private void sendHandshake(Channel ch) {
        HandshakeRequest hello = new HandshakeRequest(
                ProtocolVersion.MIN,
                ProtocolVersion.CURRENT,
                config.clientId(),
                config.clientSoftware(),
                config.username(),
                config.password());
        PendingRequest<HandshakeResponse> request =
                new PendingRequest<>(ApiKey.HANDSHAKE, hello, HandshakeResponse::read, config.connectTimeoutMs());
        request.timeoutTask(
                eventLoop.schedule(() -> onTimeout(request), config.connectTimeoutMs(), TimeUnit.MILLISECONDS));
        request.future.whenComplete((answer, error) -> {
            if (error != null) {
                attemptFailed(ch, ClientErrors.unwrap(error));
            } else {
                handshakeDone(ch, answer);
            }
        });
        write(request);
    }

    private void handshakeDone(Channel ch, HandshakeResponse answer) {
        if (ch != channel) {
            return;
        }
        if (answer.protocolVersion() < ProtocolVersion.MIN || answer.protocolVersion() > ProtocolVersion.CURRENT) {
            attemptFailed(
                    ch,
                    ClientErrors.fromBroker(
                            "HANDSHAKE",
                            ErrorCode.UNSUPPORTED_VERSION,
                            "the broker chose protocol version " + answer.protocolVersion() + ", the client speaks ["
                                    + ProtocolVersion.MIN + ", " + ProtocolVersion.CURRENT + "]"));
            return;
        }
        ConnectionInfo connected = new ConnectionInfo(
                config.host(),
                config.port(),
                answer.protocolVersion(),
                answer.brokerId(),
                answer.connectionId(),
                answer.maxFrameBytes(),
                answer.idleTimeoutMs(),
                answer.serverVersion());
        boolean first = state == ConnectionState.CONNECTING;
        info = connected;
        handshaken = true;
        state = ConnectionState.READY;
        reconnectAttempts = 0;
        startHeartbeats(connected);
        log.debug("connected to {}: {}", address(), connected);
        for (ConnectionObserver o : observers) {
            o.onReady(connected);
        }
        while (isReady() && !waiting.isEmpty()) {
            write(waiting.poll());
        }
        if (first) {
            firstConnect.complete(connected);
        } else {
            log.info("reconnected to {} (connection {})", address(), connected.connectionId());
            callbacks.execute(() -> listeners.forEach(l -> l.onReconnected(connected)));
        }
    }

    private void attemptFailed(Channel ch, SluiceClientException cause) {
        if (ch != channel) {
            return;
        }
        channel = null;
        handshaken = false;
        ch.close();
        failAll(inFlight.values(), cause);
        lastAttemptError = cause;
        if (state == ConnectionState.CONNECTING) {
            state = ConnectionState.FAILED;
            failAll(waiting, cause);
            firstConnect.completeExceptionally(cause);
            observers.forEach(o -> o.onTerminated(cause));
        } else if (state == ConnectionState.RECONNECTING) {
            log.debug("reconnect attempt {} to {} failed: {}", reconnectAttempts, address(), cause.getMessage());
            if (isPermanent(cause.error())) {
                giveUp(cause);
            } else {
                scheduleReconnect();
            }
        }
    }

    /** Handshake errors that another attempt cannot fix. */
    private static boolean isPermanent(ErrorCode error) {
        return error == ErrorCode.AUTHENTICATION_FAILED
                || error == ErrorCode.AUTHORIZATION_FAILED
                || error == ErrorCode.UNSUPPORTED_VERSION;
    }

    private void onConnectionLost(SluiceClientException cause) {
        Channel ch = channel;
        channel = null;
        handshaken = false;
        stopHeartbeats();
        if (ch != null) {
            ch.close();
        }
        failAll(inFlight.values(), cause);
        if (state != ConnectionState.READY) {
            return;
        }
        log.warn("lost the connection to {}: {}", address(), cause.getMessage());
        for (ConnectionObserver o : observers) {
            o.onDisconnected(cause);
        }
        callbacks.execute(() -> listeners.forEach(l -> l.onConnectionLost(cause)));
        if (config.reconnectMaxAttempts() == 0) {
            lastAttemptError = cause;
            giveUp(cause);
            return;
        }
        state = ConnectionState.RECONNECTING;
        reconnectAttempts = 0;
        reconnectStartNanos = System.nanoTime();
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reconnectStartNanos);
        long remainingMs = config.reconnectTimeoutMs() - elapsedMs;
        int maxAttempts = config.reconnectMaxAttempts();
        if ((maxAttempts > 0 && reconnectAttempts >= maxAttempts) || remainingMs <= 0) {
            giveUp(lastAttemptError);
            return;
        }
        long delayMs = Math.min(
                remainingMs,
                Backoff.delayMs(
                        reconnectAttempts,
                        config.reconnectBackoffMs(),
                        config.reconnectBackoffMaxMs(),
                        ThreadLocalRandom.current().nextDouble()));
        reconnectAttempts++;
        eventLoop.schedule(
                () -> {
                    if (state == ConnectionState.RECONNECTING && channel == null) {
                        openChannel();
                    }
                },
                delayMs,
                TimeUnit.MILLISECONDS);
    }

    private void giveUp(SluiceClientException lastError) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reconnectStartNanos);
        SluiceClientException cause = lastError != null && isPermanent(lastError.error())
                ? lastError
                : ClientErrors.connectionLost(
                        "gave up reconnecting to " + address() + " after " + reconnectAttempts + " attempts in "
                                + elapsedMs + " ms"
                                + (lastError == null ? "" : "; last error: " + lastError.getMessage()),
                        lastError);
        lastAttemptError = cause;
        state = ConnectionState.FAILED;
        log.error("{}", cause.getMessage());
        failAll(waiting, cause);
        for (ConnectionObserver o : observers) {
            o.onTerminated(cause);
        }
        callbacks.execute(() -> listeners.forEach(l -> l.onReconnectFailed(cause)));
    }

    private void closeOnLoop() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        state = ConnectionState.CLOSED;
        stopHeartbeats();
        SluiceClientException cause = ClientErrors.closed("the client");
        failAll(waiting, cause);
        failAll(inFlight.values(), cause);
        firstConnect.completeExceptionally(cause);
        for (ConnectionObserver o : observers) {
            o.onTerminated(cause);
        }
        Channel ch = channel;
        channel = null;
        handshaken = false;
        if (ch == null) {
            closeFuture.complete(null);
        } else {
            ch.close().addListener(f -> closeFuture.complete(null));
        }
    }

    // ---- heartbeats ----

    private void startHeartbeats(ConnectionInfo connected) {
        stopHeartbeats();
        long intervalMs = config.heartbeatIntervalMs() > 0
                ? config.heartbeatIntervalMs()
                : connected.idleTimeoutMs() > 0 ? Math.max(50, connected.idleTimeoutMs() / 3) : FALLBACK_HEARTBEAT_MS;
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        heartbeatOutstanding = false;
        heartbeatTask = eventLoop.scheduleAtFixedRate(
                () -> heartbeatTick(intervalNanos), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void stopHeartbeats() {
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
            heartbeatTask = null;
        }
    }

    private void heartbeatTick(long intervalNanos) {
        if (!isReady() || heartbeatOutstanding || System.nanoTime() - lastWriteNanos < intervalNanos) {
            return;
        }
        Channel ch = channel;
        heartbeatOutstanding = true;
        PendingRequest<Empty> beat =
                new PendingRequest<>(ApiKey.HEARTBEAT, Empty.INSTANCE, Empty::read, config.requestTimeoutMs());
        beat.timeoutTask(eventLoop.schedule(() -> onTimeout(beat), config.requestTimeoutMs(), TimeUnit.MILLISECONDS));
        beat.future.whenComplete((ok, error) -> {
            heartbeatOutstanding = false;
            if (error != null && ClientErrors.unwrap(error).error() == ErrorCode.REQUEST_TIMED_OUT && ch == channel) {
                log.warn(
                        "{} did not answer a heartbeat within {} ms; closing the connection",
                        address(),
                        beat.timeoutMs);
                ch.close();
            }
        });
        write(beat);
    }

    String address() {
        return config.host() + ":" + config.port();
    }
}
