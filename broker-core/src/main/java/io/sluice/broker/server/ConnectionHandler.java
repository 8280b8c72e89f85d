package io.sluice.broker.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.codec.Frame;
import io.sluice.protocol.codec.FrameDecoder;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.codec.MalformedFrameException;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state machine of one client connection: handshake first, then requests dispatched
 * through the {@link RequestRouter}, responses written as their work completes.
 *
 * <pre>
 *   NEW --HANDSHAKE--&gt; HANDSHAKING --accepted--&gt; READY
 *    |                     |  refused
 *    +--other request------+-----------&gt; CLOSING (error response, then close)
 * </pre>
 *
 * <ul>
 *   <li>The {@link AdmissionHandler} in front of it enforces the pre-authentication deadline and
 *       the limit of connections per address; this handler tells it when the handshake succeeded.
 *   <li>Before the handshake, any other request is answered with HANDSHAKE_REQUIRED and the
 *       connection closed. While the handshake is being checked, reading pauses and frames already
 *       decoded wait, so pipelined requests run only once the connection is authenticated.
 *   <li>After it, the frame limit rises from the pre-authentication maximum to the broker's.
 *   <li>Requests start in arrival order (handlers queue their work synchronously); responses are
 *       written in the order requests complete, each carrying its correlation id.
 *   <li>Reading pauses ({@link ReadGate}) while {@code maxInFlight} requests are pending (until half
 *       have answered), while produce data in flight is over its budget ({@link ProduceMemory},
 *       policy BLOCK; FAIL answers RESOURCE_LIMIT_EXCEEDED instead) and while the client does not
 *       read what the broker writes.
 *   <li>A frame that cannot be decoded closes this connection only, with one log line.
 * </ul>
 *
 * <p>Not thread-safe: every field is confined to the channel's event loop; completions from other
 * threads hop onto it.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    /** Frames held back while a handshake is checked; more means the client ignores the protocol. */
    private static final int MAX_DEFERRED_FRAMES = 1024;
    /** Failures no handler foresaw, logged with their stack trace (diagnostics; the fuzz tests watch it). */
    private static final AtomicLong UNEXPECTED_ERRORS = new AtomicLong();

    private enum State {
        NEW,
        HANDSHAKING,
        READY,
        CLOSING
    }

    private final ServerContext server;
    private final long connectionId;
    private final ArrayDeque<Frame> deferred = new ArrayDeque<>();
    private State state = State.NEW;
    private RequestContext context;
    private RequestContext oneWayContext;
    private ReadGate gate;
    private ProduceBudget produce;
    private int inFlight;

    ConnectionHandler(ServerContext server, long connectionId) {
        this.server = server;
        this.connectionId = connectionId;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        gate = new ReadGate(ctx.channel());
        produce = new ProduceBudget(server.produceMemory(), gate, ctx.executor());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        if (state == State.CLOSING) {
            frame.release();
        } else if (state == State.HANDSHAKING) {
            if (deferred.size() >= MAX_DEFERRED_FRAMES) {
                frame.release();
                close(ctx, "sent more than " + MAX_DEFERRED_FRAMES + " frames before its handshake completed");
            } else {
                deferred.addLast(frame);
            }
        } else {
            process(ctx, frame);
        }
    }

    /** Handles one frame; takes ownership of it. */
    private void process(ChannelHandlerContext ctx, Frame frame) {
        FrameHeader header = frame.header();
        if (header.isResponse() || header.isPush()) {
            frame.release();
            close(ctx, "sent a " + (header.isPush() ? "push" : "response") + " frame; clients send requests only");
            return;
        }
        ApiKey api = ApiKey.forId(header.apiKey());
        if (state == State.NEW && api != ApiKey.HANDSHAKE) {
            frame.release();
            respondAndClose(
                    ctx, header, ErrorCode.HANDSHAKE_REQUIRED, "the first request on a connection must be HANDSHAKE");
            return;
        }
        if (api == null) {
            frame.release();
            respond(ctx, header, ErrorCode.UNSUPPORTED_API, "api key " + header.apiKey() + " is not supported", null);
            return;
        }
        if (!api.supportsVersion(header.apiVersion())) {
            frame.release();
            respond(
                    ctx,
                    header,
                    ErrorCode.UNSUPPORTED_VERSION,
                    api + " version " + header.apiVersion() + " is not supported (" + api.minVersion() + ".."
                            + api.maxVersion() + ")",
                    null);
            return;
        }
        switch (api) {
            case HANDSHAKE -> handshake(ctx, frame);
            case HEARTBEAT -> heartbeat(ctx, frame);
            default -> dispatch(ctx, api, frame);
        }
    }

    private void handshake(ChannelHandlerContext ctx, Frame frame) {
        FrameHeader header = frame.header();
        HandshakeRequest request;
        try {
            request = HandshakeRequest.read(frame.body());
        } catch (MalformedFrameException e) {
            close(ctx, "malformed HANDSHAKE body: " + e.getMessage());
            return;
        } finally {
            frame.release();
        }
        if (state == State.READY) {
            respond(ctx, header, ErrorCode.INVALID_REQUEST, "the handshake has already completed", null);
            return;
        }
        state = State.HANDSHAKING;
        gate.pause(ReadGate.HANDSHAKE);
        server.handshakes()
                .handshake(request, connectionId, ctx.pipeline().get(SslHandler.class) != null)
                .whenComplete((accepted, failure) ->
                        onEventLoop(ctx, () -> handshakeDone(ctx, header, accepted, failure), () -> {
                            if (accepted != null) {
                                server.handshakes().connectionClosed(accepted.clientId(), connectionId);
                            }
                        }));
    }

    private void handshakeDone(
            ChannelHandlerContext ctx, FrameHeader header, HandshakeService.Accepted accepted, Throwable failure) {
        if (state == State.CLOSING) {
            if (accepted != null) {
                server.handshakes().connectionClosed(accepted.clientId(), connectionId);
            }
            return;
        }
        if (failure != null) {
            ErrorMapper.Mapped mapped = ErrorMapper.map(failure);
            if (mapped.isUnexpected()) {
                UNEXPECTED_ERRORS.incrementAndGet();
                log.error("Handshake of connection {} failed unexpectedly", connectionId, mapped.cause());
            } else {
                log.info(
                        "Connection {} from {} refused: {} ({})",
                        connectionId,
                        ctx.channel().remoteAddress(),
                        mapped.message(),
                        mapped.error());
            }
            respondAndClose(ctx, header, mapped.error(), mapped.message());
            return;
        }
        accepted(ctx, header, accepted);
    }

    private void accepted(ChannelHandlerContext ctx, FrameHeader header, HandshakeService.Accepted accepted) {
        context = new RequestContext(connectionId, accepted.principal(), accepted.clientId(), ctx.channel());
        oneWayContext = context.asOneWay();
        server.handshakes().connections().opened(context, accepted.clientSoftware());
        ctx.pipeline().fireUserEventTriggered(AdmissionHandler.AUTHENTICATED);
        ctx.pipeline()
                .get(FrameDecoder.class)
                .setMaxFrameBytes(accepted.response().maxFrameBytes());
        state = State.READY;
        log.debug(
                "Connection {} from {} authenticated as '{}'",
                connectionId,
                ctx.channel().remoteAddress(),
                accepted.principal().username());
        respond(ctx, header, ErrorCode.NONE, null, accepted.response());
        while (state == State.READY && !deferred.isEmpty()) {
            process(ctx, deferred.pollFirst());
        }
        if (state == State.READY) {
            gate.resume(ReadGate.HANDSHAKE);
        }
    }

    private void heartbeat(ChannelHandlerContext ctx, Frame frame) {
        FrameHeader header = frame.header();
        try {
            Empty.read(frame.body());
        } catch (MalformedFrameException e) {
            close(ctx, "malformed HEARTBEAT body: " + e.getMessage());
            return;
        } finally {
            frame.release();
        }
        if (!header.isOneWay()) {
            respond(ctx, header, ErrorCode.NONE, null, Empty.INSTANCE);
        }
    }

    private void dispatch(ChannelHandlerContext ctx, ApiKey api, Frame frame) {
        FrameHeader header = frame.header();
        // Measured before the body is parsed, which moves its reader index.
        long frameBytes = frame.body().readableBytes();
        RequestRouter.Route<?> route = server.router().route(api);
        if (route == null) {
            frame.release();
            respond(ctx, header, ErrorCode.UNSUPPORTED_API, api + " is not served by this broker", null);
            return;
        }
        ApiMessage request;
        try {
            request = route.read(frame.body());
        } catch (MalformedFrameException e) {
            frame.release();
            close(ctx, "malformed " + api + " body: " + e.getMessage());
            return;
        }
        long charged = 0;
        if (api == ApiKey.PRODUCE) {
            charged = frameBytes;
            if (!produce.charge(charged)) {
                frame.release();
                if (!header.isOneWay()) {
                    respond(ctx, header, ErrorCode.RESOURCE_LIMIT_EXCEEDED, produce.refusal(), null);
                }
                return;
            }
        }
        inFlight++;
        if (inFlight >= server.maxInFlight()) {
            gate.pause(ReadGate.IN_FLIGHT);
        }
        CompletionStage<? extends ApiMessage> response;
        try {
            response = route.handle(header.isOneWay() ? oneWayContext : context, request);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        // The frame owns the request body; keep it until the work that reads it is done.
        long produceCharge = charged;
        response.whenComplete((body, failure) -> onEventLoop(
                ctx,
                () -> {
                    frame.release();
                    produce.release(produceCharge);
                    completed(ctx, api, header, body, failure);
                },
                () -> {
                    frame.release();
                    server.produceMemory().release(produceCharge);
                    release(body);
                }));
    }

    private void completed(
            ChannelHandlerContext ctx, ApiKey api, FrameHeader header, ApiMessage body, Throwable failure) {
        inFlight--;
        if (inFlight <= server.maxInFlight() / 2) {
            gate.resume(ReadGate.IN_FLIGHT);
        }
        if (failure != null) {
            ErrorMapper.Mapped mapped = ErrorMapper.map(failure);
            if (mapped.isUnexpected()) {
                UNEXPECTED_ERRORS.incrementAndGet();
                log.error(
                        "{} request {} on connection {} failed unexpectedly",
                        api,
                        header.correlationId(),
                        connectionId,
                        mapped.cause());
            }
            if (!header.isOneWay()) {
                respond(ctx, header, mapped.error(), mapped.message(), null);
            }
            return;
        }
        if (header.isOneWay() || state == State.CLOSING) {
            release(body);
            return;
        }
        respond(ctx, header, ErrorCode.NONE, null, body);
    }

    private void respond(
            ChannelHandlerContext ctx, FrameHeader request, ErrorCode error, String message, ApiMessage body) {
        try {
            ctx.writeAndFlush(FrameWriter.encode(
                    ctx.alloc(),
                    FrameHeader.response(request, error, error == ErrorCode.NONE ? null : truncate(message)),
                    error == ErrorCode.NONE ? body : null));
        } finally {
            release(body);
        }
    }

    private void respondAndClose(ChannelHandlerContext ctx, FrameHeader request, ErrorCode error, String message) {
        state = State.CLOSING;
        gate.pause(ReadGate.CLOSING);
        ctx.writeAndFlush(
                        FrameWriter.encode(ctx.alloc(), FrameHeader.response(request, error, truncate(message)), null))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private static String truncate(String message) {
        // The wire string is limited to 32767 UTF-8 bytes; messages are short, but never fail on one.
        return message != null && message.length() > 8000 ? message.substring(0, 8000) + "..." : message;
    }

    private static void release(ApiMessage body) {
        if (body instanceof OwnedResponse owned) {
            owned.release();
        }
    }

    private void close(ChannelHandlerContext ctx, String reason) {
        if (state != State.CLOSING) {
            state = State.CLOSING;
            log.warn(
                    "Closing connection {} from {}: {}",
                    connectionId,
                    ctx.channel().remoteAddress(),
                    reason);
        }
        ctx.close();
    }

    /**
     * Runs {@code task} on the connection's event loop; if the event loop has already shut down
     * (broker shutdown), runs {@code ifShutDown} on the calling thread instead, to release buffers.
     */
    private static void onEventLoop(ChannelHandlerContext ctx, Runnable task, Runnable ifShutDown) {
        if (ctx.executor().inEventLoop()) {
            task.run();
            return;
        }
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException e) {
            ifShutDown.run();
        }
    }

    /**
     * A client that does not read what the broker writes is not read from either: its requests
     * would only add responses to the outbound buffer. Pushes stop too (the delivery engine checks
     * the channel's writability before it dispatches).
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            gate.resume(ReadGate.UNWRITABLE);
        } else {
            gate.pause(ReadGate.UNWRITABLE);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            close(ctx, "no request or heartbeat for " + server.idleTimeoutMs() + " ms");
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof MalformedFrameException m) {
            close(ctx, m.getMessage() + " (" + m.error() + ")");
        } else if (tlsFailure(cause) != null) {
            if (state != State.CLOSING) {
                state = State.CLOSING;
                log.info(
                        "Closing connection {} from {}: TLS failed: {}",
                        connectionId,
                        ctx.channel().remoteAddress(),
                        tlsFailure(cause));
            }
            ctx.close();
        } else if (cause instanceof IOException) {
            log.debug("Connection {} failed: {}", connectionId, cause.toString());
            state = State.CLOSING;
            ctx.close();
        } else {
            UNEXPECTED_ERRORS.incrementAndGet();
            log.error("Closing connection {} after an unexpected error", connectionId, cause);
            state = State.CLOSING;
            ctx.close();
        }
    }

    /** How many failures no handler foresaw have happened on any connection since the JVM started. */
    static long unexpectedErrors() {
        return UNEXPECTED_ERRORS.get();
    }

    /**
     * What went wrong with TLS, or null if {@code cause} is not a TLS failure. Never the message of
     * a {@link NotSslRecordException}: it holds the client's bytes in hex, and they may carry a
     * password sent in clear text to the TLS port.
     */
    private static String tlsFailure(Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof NotSslRecordException) {
            return "the client does not speak TLS (its first bytes are not a TLS record)";
        }
        return c instanceof SSLException ? c.toString() : null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.CLOSING;
        while (!deferred.isEmpty()) {
            deferred.pollFirst().release();
        }
        if (context != null) {
            server.handshakes().connectionClosed(context.clientId(), connectionId);
            server.handshakes().connections().closed(connectionId);
        }
        super.channelInactive(ctx);
    }
}
