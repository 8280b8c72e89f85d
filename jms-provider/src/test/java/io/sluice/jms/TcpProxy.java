package io.sluice.jms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP forwarder on 127.0.0.1 in front of a broker, so a test can inject network faults between a
 * client and the broker without touching either:
 *
 * <ul>
 *   <li>{@link #cutAll()}: reset every forwarded connection (a crashed machine, a pulled cable);
 *   <li>{@link #latencyMs(int)}: delay every chunk forwarded, in both directions;
 *   <li>{@link #bandwidthBytesPerSecond(long)}: forward at most this many bytes per second per
 *       direction;
 *   <li>{@link #resetMidFrame()}: the next chunk from the broker is forwarded only in part, then both
 *       sides are reset (a frame cut in the middle);
 *   <li>{@link #blackHole(boolean)}: stop forwarding without closing anything (a silent network
 *       partition: only heartbeats notice it); {@link #refuse(boolean)}: new connections are reset
 *       at once.
 * </ul>
 *
 * <p>Thread-safe: sockets are tracked in a concurrent list, settings are volatile; one thread per
 * direction per connection.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private volatile int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Volatile: changed by the test, read by the pumps. */
    private volatile int latencyMs;

    private volatile long bytesPerSecond;
    private volatile boolean blackHole;
    private volatile boolean refuse;
    private volatile boolean resetMidFrame;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String query) {
        return "sluice://127.0.0.1:" + port() + (query == null ? "" : "?" + query);
    }

    /** Forwards new connections to another port (a restarted broker). */
    void targetPort(int port) {
        this.targetPort = port;
    }

    void latencyMs(int ms) {
        this.latencyMs = ms;
    }

    /** 0 = unlimited. */
    void bandwidthBytesPerSecond(long limit) {
        this.bytesPerSecond = limit;
    }

    /** While on, nothing is forwarded and nothing is closed. */
    void blackHole(boolean on) {
        this.blackHole = on;
    }

    /** While on, new connections are reset at once. */
    void refuse(boolean on) {
        this.refuse = on;
    }

    /** The next chunk the broker sends is cut in the middle, then the connection is reset. */
    void resetMidFrame() {
        this.resetMidFrame = true;
    }

    /** How many forwarded connections are open (client side and broker side each count). */
    int openSockets() {
        return (int) sockets.stream().filter(s -> !s.isClosed()).count();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refuse) {
                    reset(client);
                    continue;
                }
                Socket broker;
                try {
                    broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    reset(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                pump(client, broker, false);
                pump(broker, client, true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromBroker) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            forward(buffer, n, out, fromBroker);
                        }
                    } catch (IOException e) {
                        // cut on purpose or by the peer
                    } finally {
                        reset(from);
                        reset(to);
                    }
                },
                "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void forward(byte[] buffer, int n, OutputStream out, boolean fromBroker) throws IOException {
        while (blackHole) {
            // Hold the bytes: neither forwarded nor dropped with a close.
            LockSupport.parkNanos(10_000_000L);
        }
        int delay = latencyMs;
        if (delay > 0) {
            LockSupport.parkNanos(delay * 1_000_000L);
        }
        if (fromBroker && resetMidFrame && n > 1) {
            resetMidFrame = false;
            out.write(buffer, 0, n / 2);
            out.flush();
            throw new IOException("reset mid-frame on purpose");
        }
        long limit = bytesPerSecond;
        if (limit <= 0) {
            out.write(buffer, 0, n);
            return;
        }
        int chunk = (int) Math.max(1, Math.min(n, limit / 20));
        for (int off = 0; off < n; off += chunk) {
            int len = Math.min(chunk, n - off);
            out.write(buffer, off, len);
            LockSupport.parkNanos(len * 1_000_000_000L / limit);
        }
    }

    /** Resets every forwarded connection at once (both sides see the connection drop). */
    void cutAll() {
        for (Socket s : sockets) {
            reset(s);
        }
        sockets.clear();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
