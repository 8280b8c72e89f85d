package io.sluice.broker.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.api.HandshakeResponse;
import io.sluice.protocol.api.ProtocolVersion;
import io.sluice.protocol.codec.Frame;
import io.sluice.protocol.codec.FrameDecoder;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small synchronous frame-level client for broker integration tests: writes frames with {@link
 * FrameWriter} over a plain socket and splits the answers with the protocol's {@link FrameDecoder}.
 * It is a test utility, not a client library: one thread, blocking reads with a timeout.
 *
 * <p>Not thread-safe.
 */
public final class FrameClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(256 * 1024 * 1024));
    private final ArrayDeque<Response> pushes = new ArrayDeque<>();
    private final Map<Integer, Response> earlyResponses = new HashMap<>();
    private int nextCorrelationId = 1;

    private FrameClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static FrameClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return new FrameClient(socket);
    }

    /** A TLS connection (handshake of TLS done, not of the protocol), verifying that the certificate names 127.0.0.1. */
    public static FrameClient connectTls(int port, javax.net.ssl.SSLContext tls) throws IOException {
        javax.net.ssl.SSLSocket socket =
                (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket();
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        return new FrameClient(socket);
    }

    /** A client over a socket the caller connected (to set socket options first). */
    public static FrameClient over(Socket connected) throws IOException {
        connected.setSoTimeout(READ_TIMEOUT_MS);
        connected.setTcpNoDelay(true);
        return new FrameClient(connected);
    }

    /** A connection that has completed a handshake with these credentials. */
    public static FrameClient connect(int port, String username, String password) throws IOException {
        FrameClient client = connect(port);
        client.handshake(username, password);
        return client;
    }

    /** A response frame: its header and a heap copy of its body. */
    public record Response(FrameHeader header, ByteBuf body) {
        public ErrorCode error() {
            return header.error();
        }

        public <T> T read(Function<ByteBuf, T> reader) {
            if (header.error() != ErrorCode.NONE) {
                throw new AssertionError("expected success, got " + header.error() + ": " + header.errorMessage());
            }
            return reader.apply(body);
        }
    }

    public HandshakeResponse handshake(String username, String password) throws IOException {
        return call(
                ApiKey.HANDSHAKE,
                new HandshakeRequest(
                        ProtocolVersion.MIN, ProtocolVersion.CURRENT, null, "sluice-test/1", username, password),
                HandshakeResponse::read);
    }

    /** Sends a request and returns its correlation id without waiting. */
    public int send(ApiKey api, ApiMessage body) throws IOException {
        int correlationId = nextCorrelationId++;
        send(FrameHeader.request(api.id(), api.maxVersion(), correlationId), body);
        return correlationId;
    }

    public void send(FrameHeader header, ApiMessage body) throws IOException {
        ByteBuf frame = FrameWriter.encode(ByteBufAllocator.DEFAULT, header, body);
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            frame.release();
        }
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Sends a request and waits for its response. Pushes arriving meanwhile are kept for {@link
     * #nextPush}; responses to other requests for {@link #awaitResponse}.
     */
    public Response request(ApiKey api, ApiMessage body) throws IOException {
        return awaitResponse(send(api, body));
    }

    /** Sends a ONE_WAY request (no response). */
    public void sendOneWay(ApiKey api, ApiMessage body) throws IOException {
        send(FrameHeader.oneWay(api.id(), api.maxVersion()), body);
    }

    /** Waits for the response to request {@code correlationId}, keeping other frames. */
    public Response awaitResponse(int correlationId) throws IOException {
        Response early = earlyResponses.remove(correlationId);
        if (early != null) {
            return early;
        }
        while (true) {
            Response frame = receive();
            if (frame.header().isPush()) {
                pushes.addLast(frame);
            } else if (frame.header().correlationId() == correlationId) {
                return frame;
            } else {
                earlyResponses.put(frame.header().correlationId(), frame);
            }
        }
    }

    /** A push already read and kept, or null (does not read from the socket). */
    public Response nextPushIfBuffered() {
        return pushes.pollFirst();
    }

    /** The next push frame, waiting up to {@code timeoutMs}; null if none came. */
    public Response nextPush(int timeoutMs) throws IOException {
        if (!pushes.isEmpty()) {
            return pushes.pollFirst();
        }
        socket.setSoTimeout(timeoutMs);
        try {
            while (true) {
                Response frame = receive();
                if (frame.header().isPush()) {
                    return frame;
                }
                earlyResponses.put(frame.header().correlationId(), frame);
            }
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    /** Sends a request and reads its successful response body. */
    public <T> T call(ApiKey api, ApiMessage body, Function<ByteBuf, T> reader) throws IOException {
        return request(api, body).read(reader);
    }

    /** The next frame from the broker. */
    public Response receive() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            Frame frame = decoder.readInbound();
            if (frame != null) {
                try {
                    return new Response(frame.header(), Unpooled.copiedBuffer(frame.body()));
                } finally {
                    frame.release();
                }
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("connection closed by the broker");
            }
            decoder.writeInbound(Unpooled.wrappedBuffer(buffer, 0, n).copy());
        }
    }

    /** Whether the broker closes the connection within {@code timeoutMs} (reading and dropping data). */
    public boolean awaitClosedByBroker(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            byte[] buffer = new byte[4096];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // A reset also means the broker closed the connection.
            return true;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    @Override
    public void close() throws IOException {
        decoder.finishAndReleaseAll();
        socket.close();
    }
}
