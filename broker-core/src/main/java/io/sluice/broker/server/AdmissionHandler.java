package io.sluice.broker.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sluice.protocol.codec.Frame;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a new connection may stay, before it has authenticated, and sits between the
 * {@code FrameDecoder} and the {@link ConnectionHandler}:
 *
 * <ul>
 *   <li>it counts the connection against its client address ({@link ConnectionLimiter}); one over
 *       the limit gets RESOURCE_LIMIT_EXCEEDED, naming the address and the key, for its first
 *       frame, and is closed;
 *   <li>it closes a connection that has not completed its handshake {@code preAuthTimeoutMs}
 *       after it was accepted, whatever it sends meanwhile (idle, stalled and slow-drip clients
 *       alike). The connection handler tells it of the handshake with {@link #AUTHENTICATED}.
 * </ul>
 *
 * <p>Not thread-safe; confined to the channel's event loop.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AdmissionHandler.class);
    /** User event fired through the pipeline once the connection has authenticated. */
    static final Object AUTHENTICATED = new Object() {
        @Override
        public String toString() {
            return "AUTHENTICATED";
        }
    };

    private final ConnectionLimiter limiter;
    private final int preAuthTimeoutMs;
    private final long connectionId;
    private InetAddress counted;
    private boolean overLimit;
    private boolean refused;
    private ScheduledFuture<?> deadline;

    AdmissionHandler(ConnectionLimiter limiter, int preAuthTimeoutMs, long connectionId) {
        this.limiter = limiter;
        this.preAuthTimeoutMs = preAuthTimeoutMs;
        this.connectionId = connectionId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            if (limiter.tryAcquire(remote.getAddress())) {
                counted = remote.getAddress();
            } else {
                overLimit = true;
            }
        }
        deadline = ctx.executor()
                .schedule(
                        () -> {
                            log.info(
                                    "Closing connection {} from {}: no completed handshake within {} ms",
                                    connectionId,
                                    ctx.channel().remoteAddress(),
                                    preAuthTimeoutMs);
                            ctx.close();
                        },
                        preAuthTimeoutMs,
                        TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!overLimit) {
            super.channelRead(ctx, msg);
            return;
        }
        Frame frame = (Frame) msg;
        FrameHeader header = frame.header();
        frame.release();
        if (refused) {
            return;
        }
        refused = true;
        ctx.channel().config().setAutoRead(false);
        String message = "too many connections from "
                + ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress() + ": at most "
                + limiter.maxPerAddress() + " per client address (connection.max.per.address)";
        log.debug("Connection {} refused: {}", connectionId, message);
        ctx.writeAndFlush(FrameWriter.encode(
                        ctx.alloc(), FrameHeader.response(header, ErrorCode.RESOURCE_LIMIT_EXCEEDED, message), null))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == AUTHENTICATED) {
            deadline.cancel(false);
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (counted != null) {
            limiter.release(counted);
            counted = null;
        }
        super.channelInactive(ctx);
    }
}
