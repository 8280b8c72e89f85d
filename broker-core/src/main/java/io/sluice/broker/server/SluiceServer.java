package io.sluice.broker.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.protocol.codec.FrameDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's TCP endpoint. Each connection's pipeline is:
 *
 * <pre>
 *   SslHandler         TLS (only when configured); its handshake must finish within the pre-auth timeout
 *   IdleStateHandler   closes a connection that sent nothing for idleTimeoutMs
 *   FrameDecoder       splits frames; pre-authentication limit until the handshake succeeds
 *   AdmissionHandler   connections per client address; closes one not authenticated in time
 *   ConnectionHandler  handshake, dispatch, responses
 * </pre>
 *
 * <p>Threads: one acceptor thread ({@code sluice-accept}) and {@code ioThreads} event loops
 * ({@code sluice-io}). They decode, dispatch and encode only; blocking work runs on {@link
 * BrokerExecutors}.
 *
 * <p>Thread-safe.
 */
public final class SluiceServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SluiceServer.class);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final ChannelGroup connections;
    private final Channel serverChannel;

    private SluiceServer(
            EventLoopGroup acceptor, EventLoopGroup workers, ChannelGroup connections, Channel serverChannel) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.connections = connections;
        this.serverChannel = serverChannel;
    }

    /** Binds and starts accepting connections. */
    public static SluiceServer start(ServerOptions options, RequestRouter router, HandshakeService handshakes)
            throws InterruptedException {
        EventLoopGroup acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-accept", true));
        EventLoopGroup workers =
                new NioEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("sluice-io", true));
        int idleTimeoutMs = options.idleTimeoutMs();
        ServerContext context = new ServerContext(
                router,
                handshakes,
                options.maxInFlight(),
                idleTimeoutMs,
                options.preAuthTimeoutMs(),
                new ConnectionLimiter(options.maxConnectionsPerAddress()),
                options.produceMemory());
        SslContext ssl = options.sslContext();
        AtomicLong connectionIds = new AtomicLong();
        ChannelGroup connections = new DefaultChannelGroup("sluice-connections", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(options.writeBufferBytes() / 2, options.writeBufferBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        long id = connectionIds.incrementAndGet();
                        if (ssl != null) {
                            SslHandler tls = ssl.newHandler(ch.alloc());
                            tls.setHandshakeTimeoutMillis(options.preAuthTimeoutMs());
                            ch.pipeline().addLast(tls);
                        }
                        ch.pipeline()
                                .addLast(new IdleStateHandler(idleTimeoutMs, 0, 0, TimeUnit.MILLISECONDS))
                                .addLast(new FrameDecoder(options.preAuthMaxFrameBytes()))
                                .addLast(new AdmissionHandler(context.limiter(), context.preAuthTimeoutMs(), id))
                                .addLast(new ConnectionHandler(context, id));
                    }
                });
        try {
            Channel channel =
                    bootstrap.bind(options.host(), options.port()).sync().channel();
            log.info("Listening on {}{}", channel.localAddress(), ssl == null ? "" : " (TLS)");
            return new SluiceServer(acceptor, workers, connections, channel);
        } catch (InterruptedException | RuntimeException e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** The bound port (the real one when started with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting connections; existing connections stay open. */
    public void stopAccepting() {
        serverChannel.close().awaitUninterruptibly();
    }

    /** Closes every connection and stops the event loops. */
    @Override
    public void close() {
        stopAccepting();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
