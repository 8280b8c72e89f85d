package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.codec.FrameHeader;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes frames the broker pushes unasked (PUSH flag) to the handler registered for their API key.
 * The decoder runs on the event loop while the frame is valid and must copy what it keeps (the
 * frame is released right after); the handler then runs on its executor, one push at a time, in
 * arrival order.
 *
 * <p>Thread-safe: registrations may change from any thread; routing runs on the event loop.
 */
final class PushRouter {
    private static final Logger log = LoggerFactory.getLogger(PushRouter.class);

    private final Map<ApiKey, Route<?>> routes = new ConcurrentHashMap<>();

    private record Route<T>(Function<ByteBuf, ? extends T> decoder, Executor executor, Consumer<? super T> handler) {
        void deliver(ByteBuf body) {
            T message = decoder.apply(body);
            executor.execute(() -> handler.accept(message));
        }
    }

    <T> void register(
            ApiKey api, Function<ByteBuf, ? extends T> decoder, Executor executor, Consumer<? super T> handler) {
        Objects.requireNonNull(api, "api");
        Route<T> route = new Route<>(
                Objects.requireNonNull(decoder, "decoder"),
                new SerialExecutor(Objects.requireNonNull(executor, "executor")),
                Objects.requireNonNull(handler, "handler"));
        if (routes.putIfAbsent(api, route) != null) {
            throw new IllegalStateException("a push handler for " + api + " is already registered");
        }
    }

    void unregister(ApiKey api) {
        routes.remove(api);
    }

    /**
     * Decodes and dispatches one push frame.
     *
     * @throws RuntimeException from the decoder if the body does not parse: the connection must
     *     then be closed
     */
    void route(FrameHeader header, ByteBuf body) {
        ApiKey api = ApiKey.forId(header.apiKey());
        Route<?> route = api == null ? null : routes.get(api);
        if (route == null) {
            log.warn("dropping a push frame with api key {}: no handler is registered", header.apiKey());
            return;
        }
        route.deliver(body);
    }
}
