package io.sluice.broker.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.sluice.broker.meta.GrantStore;
import io.sluice.broker.meta.MetadataStore;
import io.sluice.broker.meta.UserStore;
import io.sluice.broker.security.Authenticator;
import io.sluice.broker.security.Authorizer;
import io.sluice.broker.security.PasswordHasher;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ListTopicsRequest;
import io.sluice.protocol.api.ListTopicsResponse;
import io.sluice.protocol.codec.Frame;
import io.sluice.protocol.codec.FrameDecoder;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.MalformedFrameException;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes a server connection before and through authentication: arbitrary bytes, in up to three
 * chunks, go into the broker's own pipeline ({@link FrameDecoder} at the pre-authentication limit,
 * {@link AdmissionHandler} and {@link ConnectionHandler}) in an {@link EmbeddedChannel}, with a real authenticator over a
 * metadata store (security on, user {@code alice} / {@code alice-pw}). Whatever comes in:
 *
 * <ul>
 *   <li>nothing escapes the pipeline and no failure counts as unexpected (no stack trace logged,
 *       no UNKNOWN_SERVER_ERROR answered);
 *   <li>everything written back is a well-formed response frame;
 *   <li>no request other than HANDSHAKE and HEARTBEAT is answered with success unless a handshake
 *       with the right password came first.
 * </ul>
 *
 * The handshake's blocking work runs on the calling thread, so one input is one deterministic run.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeFuzzTest {
    private static final int PRE_AUTH_LIMIT = 4096;
    private static final ServerContext SERVER = server();

    private static ServerContext server() {
        try {
            Path dir = Files.createTempDirectory("sluice-handshake-fuzz");
            dir.toFile().deleteOnExit();
            MetadataStore store = MetadataStore.open(dir.resolve("meta"), 2, Clock.systemUTC());
            Runtime.getRuntime().addShutdownHook(new Thread(store::close));
            UserStore users = new UserStore(store, Clock.systemUTC());
            Authorizer authorizer = new Authorizer(true, users, new GrantStore(store, Clock.systemUTC()));
            Authenticator authenticator = new Authenticator(
                    true,
                    users,
                    new PasswordHasher(PasswordHasher.MIN_ITERATIONS, new SecureRandom()),
                    authorizer::reload);
            authenticator.createUser("alice", "alice-pw", List.of());
            HandshakeService handshakes = new HandshakeService(
                    authenticator,
                    new ClientIdRegistry(),
                    Runnable::run,
                    0,
                    1 << 20,
                    60_000,
                    "fuzz",
                    new ConnectionRegistry(Clock.systemUTC()),
                    false);
            RequestRouter router = new RequestRouter()
                    .register(
                            ApiKey.LIST_TOPICS,
                            ListTopicsRequest::read,
                            (ctx, r) -> CompletableFuture.completedFuture(new ListTopicsResponse(List.of())));
            return new ServerContext(
                    router,
                    handshakes,
                    16,
                    60_000,
                    10_000,
                    new ConnectionLimiter(0),
                    new ProduceMemory(1 << 20, 1 << 20, ProduceMemory.Policy.FAIL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void connection(byte[] input) {
        long unexpectedBefore = ConnectionHandler.unexpectedErrors();
        EmbeddedChannel channel =
                new EmbeddedChannel(new FrameDecoder(PRE_AUTH_LIMIT), new ConnectionHandler(SERVER, 1));
        EmbeddedChannel responses = new EmbeddedChannel(new FrameDecoder(Integer.MAX_VALUE));
        try {
            int first = input.length == 0 ? 0 : Math.floorMod(input[0], input.length + 1);
            int second = first + (input.length - first) / 2;
            feed(channel, input, 1, first);
            feed(channel, input, Math.max(1, first), second);
            feed(channel, input, Math.max(1, second), input.length);
            channel.runPendingTasks();
            check(channel, responses, input);
        } finally {
            channel.finishAndReleaseAll();
            responses.finishAndReleaseAll();
        }
        if (ConnectionHandler.unexpectedErrors() != unexpectedBefore) {
            throw new AssertionError("the connection met an unexpected failure (see the log)");
        }
    }

    private static void feed(EmbeddedChannel channel, byte[] input, int from, int to) {
        if (from >= to || !channel.isOpen()) {
            return;
        }
        channel.writeInbound(Unpooled.wrappedBuffer(input, from, to - from));
    }

    private static void check(EmbeddedChannel channel, EmbeddedChannel responses, byte[] input) {
        boolean authenticated = false;
        Object out;
        while ((out = channel.readOutbound()) != null) {
            try {
                responses.writeInbound(out);
            } catch (DecoderException e) {
                throw new AssertionError("the broker wrote a frame it cannot read back", e);
            }
            Frame frame;
            while ((frame = responses.readInbound()) != null) {
                try {
                    FrameHeader header = frame.header();
                    if (!header.isResponse()) {
                        throw new AssertionError("the broker wrote a non-response frame: " + header);
                    }
                    if (header.error() == ErrorCode.UNKNOWN_SERVER_ERROR) {
                        throw new AssertionError("answered UNKNOWN_SERVER_ERROR: " + header.errorMessage());
                    }
                    ApiKey api = ApiKey.forId(header.apiKey());
                    if (api == ApiKey.HANDSHAKE && header.error() == ErrorCode.NONE) {
                        authenticated = true;
                        if (!new String(input, java.nio.charset.StandardCharsets.ISO_8859_1).contains("alice-pw")) {
                            throw new AssertionError("a handshake without the password succeeded");
                        }
                    } else if (header.error() == ErrorCode.NONE && api != ApiKey.HEARTBEAT && !authenticated) {
                        throw new AssertionError(api + " succeeded before authentication");
                    }
                } catch (MalformedFrameException e) {
                    throw new AssertionError("malformed response", e);
                } finally {
                    frame.release();
                }
            }
        }
    }
}
