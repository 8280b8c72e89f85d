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
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.api.HandshakeResponse;
import io.sluice.protocol.api.ProtocolVersion;
import io.sluice.protocol.codec.FrameDecoder;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import java.util.List;
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
    private final RequestPipeline requests;
    private final Heartbeats heartbeats;
    private final ReconnectSchedule reconnect;
    private SluiceClientException lastAttemptError;
    private Throwable channelError;

    /** Volatile: read by API threads to fail fast and to report the state. */
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    /** Volatile: read by API threads (frame limits, diagnostics). */
    private volatile ConnectionInfo info;
    /**
     * Volatile: how many connections have been lost so far; written on the event loop at the loss,
     * read by API threads to bind frames to the connection they were meant for.
     */
    private volatile long epoch;

    /** @param tls TLS for every channel, or null for plain TCP */
    ClientConnection(ClientConfig config, EventLoop eventLoop, Executor callbacks, ClientTls tls) {
        this.config = config;
        this.eventLoop = eventLoop;
        this.callbacks = callbacks;
        this.requests = new RequestPipeline(eventLoop);
        this.reconnect = new ReconnectSchedule(
                config, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble());
        this.heartbeats = new Heartbeats(requests, config.heartbeatIntervalMs(), config.requestTimeoutMs());
        this.bootstrap = new Bootstrap()
                .group(eventLoop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMs())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), config.connectTimeoutMs()));
                        }
                        ch.pipeline()
                                .addLast("frames", new FrameDecoder(config.maxInboundFrameBytes()))
                                .addLast(
                                        "client",
                                        new ClientChannelHandler(ClientConnection.this, requests, pushRouter));
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
        return send(api, body, reader, timeoutMs, -1);
    }

    /**
     * Like {@link #send(ApiKey, ApiMessage, Function, long)}, but only on the connection of {@code
     * epoch} (-1: any): a request for another epoch, or made while disconnected, fails with
     * CONNECTION_LOST instead of waiting for the next connection.
     */
    <T> CompletableFuture<T> send(
            ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader, long timeoutMs, long epoch) {
        PendingRequest<T> request = new PendingRequest<>(api, body, reader, timeoutMs);
        onLoop(
                () -> {
                    if (epoch >= 0 && (epoch != this.epoch || !isReady())) {
                        request.fail(notOnEpoch(api, epoch));
                    } else {
                        submit(request);
                    }
                },
                () -> request.fail(ClientErrors.closed("the client")));
        return request.future;
    }

    /** The number of connections lost so far: frames bound to an older epoch are not sent. */
    long epoch() {
        return epoch;
    }

    private SluiceClientException notOnEpoch(ApiKey api, long wanted) {
        return ClientErrors.connectionLost(
                api + " belongs to connection " + wanted + " of " + address() + ", which was lost", null);
    }

    /** Writes a one-way request (no answer); the future completes once it is written. */
    CompletableFuture<Void> sendOneWay(ApiKey api, ApiMessage body) {
        return sendOneWay(api, body, -1);
    }

    /** Like {@link #sendOneWay(ApiKey, ApiMessage)}, only on the connection of {@code epoch} (-1: any). */
    CompletableFuture<Void> sendOneWay(ApiKey api, ApiMessage body, long epoch) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Runnable write = () -> {
            if (!isReady()) {
                written.completeExceptionally(notReady());
                return;
            }
            if (epoch >= 0 && epoch != this.epoch) {
                written.completeExceptionally(notOnEpoch(api, epoch));
                return;
            }
            ByteBuf frame;
            try {
                frame = FrameWriter.encode(channel.alloc(), FrameHeader.oneWay(api.id(), api.maxVersion()), body);
            } catch (RuntimeException e) {
                written.completeExceptionally(ClientErrors.invalidRequest("cannot encode " + api + ": " + e, e));
                return;
            }
            requests.noteWrite();
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
        requests.armTimeout(request);
        if (isReady()) {
            requests.write(channel, request, info.maxFrameBytes());
        } else {
            requests.hold(request);
        }
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

    // ---- inbound ----

    /** Whether {@code ch} is the connection's current channel (frames of an old one are ignored). */
    boolean isCurrent(Channel ch) {
        return ch == channel;
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
        requests.armTimeout(request);
        request.future.whenComplete((answer, error) -> {
            if (error != null) {
                attemptFailed(ch, ClientErrors.unwrap(error));
            } else {
                handshakeDone(ch, answer);
            }
        });
        requests.write(ch, request, -1);
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
        heartbeats.start(ch, connected);
        log.debug("connected to {}: {}", address(), connected);
        for (ConnectionObserver o : observers) {
            o.onReady(connected);
        }
        requests.flushWaiting(ch, connected.maxFrameBytes());
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
        requests.failInFlight(cause);
        lastAttemptError = cause;
        if (state == ConnectionState.CONNECTING) {
            state = ConnectionState.FAILED;
            requests.failWaiting(cause);
            firstConnect.completeExceptionally(cause);
            observers.forEach(o -> o.onTerminated(cause));
        } else if (state == ConnectionState.RECONNECTING) {
            log.debug("reconnect attempt {} to {} failed: {}", reconnect.attempts(), address(), cause.getMessage());
            if (ReconnectSchedule.isPermanent(cause.error())) {
                giveUp(reconnect.gaveUp(address(), cause));
            } else {
                scheduleReconnect();
            }
        }
    }

    private void onConnectionLost(SluiceClientException cause) {
        epoch++;
        Channel ch = channel;
        channel = null;
        handshaken = false;
        heartbeats.stop();
        if (ch != null) {
            ch.close();
        }
        requests.failInFlight(cause);
        if (state != ConnectionState.READY) {
            return;
        }
        log.warn("lost the connection to {}: {}", address(), cause.getMessage());
        for (ConnectionObserver o : observers) {
            o.onDisconnected(cause);
        }
        callbacks.execute(() -> listeners.forEach(l -> l.onConnectionLost(cause)));
        lastAttemptError = cause;
        state = ConnectionState.RECONNECTING;
        reconnect.begin();
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        long delayMs = reconnect.nextDelayMs();
        if (delayMs < 0) {
            giveUp(reconnect.gaveUp(address(), lastAttemptError));
            return;
        }
        eventLoop.schedule(
                () -> {
                    if (state == ConnectionState.RECONNECTING && channel == null) {
                        openChannel();
                    }
                },
                delayMs,
                TimeUnit.MILLISECONDS);
    }

    private void giveUp(SluiceClientException cause) {
        lastAttemptError = cause;
        state = ConnectionState.FAILED;
        if (config.reconnectMaxAttempts() == 0) {
            // Reconnection is off (the JMS layer): the loss itself was logged, the owner reports it.
            log.debug("{}", cause.getMessage());
        } else {
            log.error("{}", cause.getMessage());
        }
        requests.failWaiting(cause);
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
        heartbeats.stop();
        SluiceClientException cause = ClientErrors.closed("the client");
        requests.failWaiting(cause);
        requests.failInFlight(cause);
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

    String address() {
        return config.host() + ":" + config.port();
    }
}
