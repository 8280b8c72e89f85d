package io.sluice.bench.machine;

import io.sluice.bench.measure.LatencySummary;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * Measures what the machine itself allows, as the yardstick for every broker figure:
 *
 * <ul>
 *   <li>{@link #loopbackRoundTrip}: a 64-byte ping-pong over one TCP connection on 127.0.0.1
 *       (TCP_NODELAY), the floor of any request/response latency;
 *   <li>{@link #fsyncLatency}: append 4 KiB to a file and {@code force(false)} (fdatasync), the
 *       floor of a durable send's latency; the file grows, as a log segment does, so the file
 *       system also commits the new size;
 *   <li>{@link #fsyncPreallocatedLatency}: the same 4 KiB writes into a file filled beforehand, as
 *       a journal with pre-created files (Artemis's) does: only the data is synced;
 *   <li>{@link #sequentialWrite}: {@code FileChannel} writes of {@code chunkKb} each, with one
 *       {@code force} at the end or one every {@code forceEveryKb}, the ceiling of a log's append
 *       bandwidth.
 * </ul>
 *
 * <p>Thread-safe: stateless; each call uses its own socket or file.
 */
public final class MachineLimits {
    static final int PING_BYTES = 64;
    static final int APPEND_BYTES = 4096;

    private MachineLimits() {}

    /** Round-trip latency of {@code roundTrips} pings (after 10% as warm-up). */
    public static LatencySummary loopbackRoundTrip(int roundTrips) throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread echo = new Thread(() -> echo(server), "loopback-echo");
            echo.setDaemon(true);
            echo.start();
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(server.getLocalSocketAddress());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] ping = new byte[PING_BYTES];
                byte[] pong = new byte[PING_BYTES];
                Histogram h = new Histogram(3);
                int warmup = roundTrips / 10;
                for (int i = 0; i < warmup + roundTrips; i++) {
                    long start = System.nanoTime();
                    out.write(ping);
                    out.flush();
                    in.readFully(pong);
                    if (i >= warmup) {
                        h.recordValue(System.nanoTime() - start);
                    }
                }
                s.shutdownOutput();
                echo.join(5_000);
                return LatencySummary.of(h);
            }
        }
    }

    private static void echo(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[PING_BYTES];
            while (true) {
                int read = in.readNBytes(buf, 0, PING_BYTES);
                if (read < PING_BYTES) {
                    return;
                }
                out.write(buf);
                out.flush();
            }
        } catch (IOException e) {
            // The client closed the connection: the measurement is over.
        }
    }

    /** Latency of {@code samples} 4 KiB appends each followed by {@code force(false)}, in {@code dir}. */
    public static LatencySummary fsyncLatency(Path dir, int samples) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "fsync-", ".bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer block = randomBlock(APPEND_BYTES);
            Histogram h = new Histogram(3);
            int warmup = Math.max(1, samples / 10);
            for (int i = 0; i < warmup + samples; i++) {
                ByteBuffer b = block.duplicate();
                long start = System.nanoTime();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
                if (i >= warmup) {
                    h.recordValue(System.nanoTime() - start);
                }
            }
            return LatencySummary.of(h);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Latency of {@code samples} 4 KiB writes, each followed by {@code force(false)}, walking through
     * a file of {@code samples} blocks that was written and synced beforehand.
     */
    public static LatencySummary fsyncPreallocatedLatency(Path dir, int samples) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "fsync-pre-", ".bin");
        int warmup = Math.max(1, samples / 10);
        long blocks = warmup + samples;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer block = randomBlock(APPEND_BYTES);
            for (long i = 0; i < blocks; i++) {
                ByteBuffer b = block.duplicate();
                while (b.hasRemaining()) {
                    ch.write(b, i * APPEND_BYTES + b.position());
                }
            }
            ch.force(true);
            Histogram h = new Histogram(3);
            for (long i = 0; i < blocks; i++) {
                ByteBuffer b = block.duplicate();
                long start = System.nanoTime();
                while (b.hasRemaining()) {
                    ch.write(b, i * APPEND_BYTES + b.position());
                }
                ch.force(false);
                if (i >= warmup) {
                    h.recordValue(System.nanoTime() - start);
                }
            }
            return LatencySummary.of(h);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Writes {@code totalMb} MiB sequentially in {@code chunkKb} KiB writes to a new file in {@code
     * dir}, forcing every {@code forceEveryKb} KiB (0: only once at the end), and returns MB/s
     * (10^6 bytes) including the final force.
     */
    public static double sequentialWrite(Path dir, int totalMb, int chunkKb, int forceEveryKb) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "seq-", ".bin");
        long total = (long) totalMb * 1024 * 1024;
        long forceEvery = forceEveryKb == 0 ? Long.MAX_VALUE : (long) forceEveryKb * 1024;
        ByteBuffer chunk = randomBlock(chunkKb * 1024);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            long written = 0;
            long sinceForce = 0;
            while (written < total) {
                ByteBuffer b = chunk.duplicate();
                b.limit((int) Math.min(b.capacity(), total - written));
                while (b.hasRemaining()) {
                    int n = ch.write(b, written);
                    written += n;
                    sinceForce += n;
                }
                if (sinceForce >= forceEvery) {
                    ch.force(false);
                    sinceForce = 0;
                }
            }
            ch.force(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            return written / 1e6 / seconds;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static ByteBuffer randomBlock(int bytes) {
        byte[] fill = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(fill);
        return ByteBuffer.allocateDirect(bytes).put(fill).flip();
    }
}
