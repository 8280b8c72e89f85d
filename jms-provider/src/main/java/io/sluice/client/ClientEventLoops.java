package io.sluice.client;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The network threads shared by every client in the JVM: one NIO event loop group, created when the
 * first client connects and shut down when the last one closes. Each connection is pinned to one
 * loop of the group for its whole life, reconnects included, so its protocol and producer state
 * need no locks. The group has {@code min(4, cores)} threads unless the system property {@code
 * sluice.client.ioThreads} says otherwise.
 *
 * <p>Thread-safe; guarded by the class monitor.
 */
final class ClientEventLoops {
    private static EventLoopGroup group;
    private static int users;

    private ClientEventLoops() {}

    /** A loop for a new connection; the caller must {@link #release()} once when it is done. */
    static synchronized EventLoop acquire() {
        if (group == null) {
            int threads = Integer.getInteger(
                    "sluice.client.ioThreads", Math.min(4, Runtime.getRuntime().availableProcessors()));
            group = new NioEventLoopGroup(threads, new DefaultThreadFactory("sluice-client-io", true));
        }
        users++;
        return group.next();
    }

    static synchronized void release() {
        if (users == 0) {
            throw new IllegalStateException("released more often than acquired");
        }
        users--;
        if (users == 0) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            group = null;
        }
    }
}
