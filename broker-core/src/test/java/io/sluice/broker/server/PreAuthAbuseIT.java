package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.ChildBroker;
import io.sluice.broker.testing.ChildHeap;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that never authenticate cannot hurt a broker (a child JVM, security on): forged length
 * fields close their connection at once; a thousand connections that never send a byte and a set
 * of clients dripping a handshake one byte per second are all closed by the pre-authentication
 * timeout; the broker's live heap grows by little meanwhile, and an authenticated client keeps
 * producing and fetching throughout.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PreAuthAbuseIT {
    private static final int PRE_AUTH_TIMEOUT_MS = 3_000;
    private static final int PRE_AUTH_LIMIT = 4096;
    private static final int IDLE_CONNECTIONS = 1_000;
    private static final int DRIPPING_CONNECTIONS = 20;
    private static final long MAX_HEAP_GROWTH_BYTES = 8L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void unauthenticatedClientsAreClosedAndCostLittle() throws Exception {
        try (ChildBroker broker = ChildBroker.start(
                        dir,
                        List.of("-Xmx128m"),
                        "security.enabled=true",
                        "security.password.iterations=1000",
                        "security.users.app.password=app-pw",
                        "security.users.app.roles=admin",
                        "connection.preauth.timeout.ms=" + PRE_AUTH_TIMEOUT_MS,
                        "frame.preauth.max.bytes=" + PRE_AUTH_LIMIT,
                        "connection.max.per.address=" + (IDLE_CONNECTIONS + DRIPPING_CONNECTIONS + 50));
                ChildHeap heap = ChildHeap.attach(broker.pid());
                FrameClient good = FrameClient.connect(broker.port(), "app", "app-pw")) {
            good.call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("work", 1, Map.of()), Empty::read);
            long baseline = heap.liveBytesAfterGc();

            ExecutorService background = Executors.newCachedThreadPool();
            AtomicBoolean abusing = new AtomicBoolean(true);
            AtomicLong goodOps = new AtomicLong();
            AtomicLong slowestOpMs = new AtomicLong();
            Future<?> worker = background.submit(() -> {
                long offset = 0;
                while (abusing.get()) {
                    long start = System.nanoTime();
                    assertThat(Produce.send(good, "work", 0, Batches.plain(System.currentTimeMillis(), "w"))
                                    .error())
                            .isEqualTo(ErrorCode.NONE);
                    assertThat(Produce.fetch(good, "work", 0, offset)).hasSize(1);
                    offset++;
                    slowestOpMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
                    goodOps.incrementAndGet();
                    Thread.sleep(20);
                }
                return null;
            });
            try {
                long forged = forgedLengthsAreRefusedAtOnce(broker.port());

                List<SocketChannel> idle = new ArrayList<>();
                for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                    idle.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", broker.port())));
                }
                List<Future<Boolean>> drips = new ArrayList<>();
                for (int i = 0; i < DRIPPING_CONNECTIONS; i++) {
                    drips.add(background.submit(() -> dripUntilClosed(broker.port())));
                }
                long start = System.nanoTime();
                Thread.sleep(PRE_AUTH_TIMEOUT_MS / 2);
                long duringAbuse = heap.liveBytesAfterGc();

                int closed = awaitClosed(idle, PRE_AUTH_TIMEOUT_MS + 10_000);
                long idleClosedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                int dripsClosed = 0;
                for (Future<Boolean> d : drips) {
                    dripsClosed += d.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                long after = heap.liveBytesAfterGc();
                abusing.set(false);
                worker.get(30, TimeUnit.SECONDS);

                System.out.printf(
                        "Pre-auth abuse: forged lengths closed within %d ms; %d idle connections closed after %d ms"
                                + " (timeout %d ms); %d of %d dripping clients closed; live heap baseline %.1f MiB,"
                                + " during %.1f MiB (+%.1f), after %.1f MiB; authenticated client: %d produce+fetch"
                                + " rounds, slowest %d ms%n",
                        forged,
                        closed,
                        idleClosedMs,
                        PRE_AUTH_TIMEOUT_MS,
                        dripsClosed,
                        DRIPPING_CONNECTIONS,
                        baseline / 1048576.0,
                        duringAbuse / 1048576.0,
                        (duringAbuse - baseline) / 1048576.0,
                        after / 1048576.0,
                        goodOps.get(),
                        slowestOpMs.get());
                assertThat(closed).isEqualTo(IDLE_CONNECTIONS);
                assertThat(idleClosedMs).isGreaterThanOrEqualTo(PRE_AUTH_TIMEOUT_MS - 500);
                assertThat(dripsClosed).isEqualTo(DRIPPING_CONNECTIONS);
                assertThat(duringAbuse - baseline).isLessThan(MAX_HEAP_GROWTH_BYTES);
                assertThat(after - baseline).isLessThan(MAX_HEAP_GROWTH_BYTES);
                assertThat(goodOps.get()).isPositive();
                assertThat(slowestOpMs.get()).isLessThan(2_000);
                for (SocketChannel c : idle) {
                    c.close();
                }
            } finally {
                abusing.set(false);
                background.shutdownNow();
            }
        }
    }

    /** Length fields of -1, 2^31-1 and just over the limit: each connection is closed at once. */
    private static long forgedLengthsAreRefusedAtOnce(int port) throws IOException {
        long slowest = 0;
        for (int length : new int[] {-1, Integer.MAX_VALUE, PRE_AUTH_LIMIT + 1}) {
            try (FrameClient c = FrameClient.connect(port)) {
                long start = System.nanoTime();
                c.sendRaw(ByteBuffer.allocate(4).putInt(length).array());
                assertThat(c.awaitClosedByBroker(PRE_AUTH_TIMEOUT_MS / 2))
                        .as("length %d closes the connection before the pre-authentication timeout", length)
                        .isTrue();
                slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        }
        return slowest;
    }

    /** Sends a valid handshake one byte per second; true once the broker closed the connection. */
    private static boolean dripUntilClosed(int port) throws IOException, InterruptedException {
        ByteBuf frame = FrameWriter.encode(
                UnpooledByteBufAllocator.DEFAULT,
                FrameHeader.request(ApiKey.HANDSHAKE.id(), (short) 1, 1),
                new HandshakeRequest((short) 1, (short) 1, null, "drip", "app", "app-pw"));
        byte[] bytes = ByteBufUtil.getBytes(frame);
        frame.release();
        try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            c.configureBlocking(false);
            ByteBuffer probe = ByteBuffer.allocate(64);
            for (int i = 0; i < bytes.length - 1; i++) {
                try {
                    c.write(ByteBuffer.wrap(bytes, i, 1));
                } catch (IOException reset) {
                    return true;
                }
                if (c.read(probe.clear()) < 0) {
                    return true;
                }
                Thread.sleep(1_000);
            }
            return false;
        }
    }

    /** Waits until the broker closed every channel (end of stream); returns how many it closed. */
    private static int awaitClosed(List<SocketChannel> channels, long timeoutMs) throws IOException {
        int closed = 0;
        try (Selector selector = Selector.open()) {
            for (SocketChannel c : channels) {
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ);
            }
            ByteBuffer buf = ByteBuffer.allocate(256);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (closed < channels.size() && System.nanoTime() < deadline) {
                selector.select(200);
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    int n;
                    try {
                        n = ((SocketChannel) key.channel()).read(buf.clear());
                    } catch (IOException reset) {
                        n = -1;
                    }
                    if (n < 0) {
                        key.cancel();
                        closed++;
                    }
                }
            }
        }
        return closed;
    }
}
