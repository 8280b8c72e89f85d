package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.codec.Frame;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a client channel's pipeline: dispatches each decoded frame (answers to their pending
 * requests, pushes to the {@link PushRouter}, the broker's heartbeats answered) and releases it,
 * and reports the channel's failure and closing to its {@link ClientConnection}. A frame that
 * breaks the protocol closes the channel: the stream can no longer be trusted.
 *
 * <p>Not thread-safe; runs on the channel's event loop.
 */
final class ClientChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientChannelHandler.class);

    private final ClientConnection connection;
    private final RequestPipeline requests;
    private final PushRouter pushRouter;

    ClientChannelHandler(ClientConnection connection, RequestPipeline requests, PushRouter pushRouter) {
        this.connection = connection;
        this.requests = requests;
        this.pushRouter = pushRouter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            Channel ch = ctx.channel();
            if (connection.isCurrent(ch)) {
                dispatch(ch, frame.header(), frame.body());
            }
        } finally {
            frame.release();
        }
    }

    private void dispatch(Channel ch, FrameHeader header, ByteBuf body) {
        if (header.isResponse()) {
            onResponse(ch, header, body);
        } else if (header.isPush()) {
            try {
                pushRouter.route(header, body);
            } catch (RuntimeException e) {
                log.error("cannot decode push frame {} from {}; closing the connection", header, ch.remoteAddress(), e);
                ch.close();
            }
        } else {
            onBrokerRequest(ch, header);
        }
    }

    private void onResponse(Channel ch, FrameHeader header, ByteBuf body) {
        PendingRequest<?> request = requests.answered(header.correlationId());
        if (request == null) {
            log.debug("ignoring an answer to correlation id {} (timed out or unknown)", header.correlationId());
            return;
        }
        if (header.apiKey() != request.api.id()) {
            request.fail(ClientErrors.corrupt(
                    "answer to " + request.describe() + " carries api key " + header.apiKey(), null));
            ch.close();
        } else if (header.error() != ErrorCode.NONE) {
            request.fail(ClientErrors.fromBroker(request.api, header.error(), header.errorMessage()));
        } else if (!request.completeFrom(body)) {
            ch.close();
        }
    }

    /** The broker may ask too: HEARTBEAT is answered, anything else refused. */
    private static void onBrokerRequest(Channel ch, FrameHeader header) {
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

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.onChannelInactive(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.onChannelError(ctx.channel(), cause);
    }
}
