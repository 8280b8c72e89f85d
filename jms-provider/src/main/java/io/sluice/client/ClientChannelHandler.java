package io.sluice.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sluice.protocol.codec.Frame;

/**
 * The end of a client channel's pipeline: hands every decoded frame and the channel's closing to
 * its {@link ClientConnection}, and releases each frame once the connection has read it.
 *
 * <p>Not thread-safe; runs on the channel's event loop.
 */
final class ClientChannelHandler extends ChannelInboundHandlerAdapter {
    private final ClientConnection connection;

    ClientChannelHandler(ClientConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        try {
            connection.onFrame(ctx.channel(), frame);
        } finally {
            frame.release();
        }
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
