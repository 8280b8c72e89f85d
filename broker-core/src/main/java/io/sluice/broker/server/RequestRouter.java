package io.sluice.broker.server;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The table from API key to body reader and handler. Handshake and heartbeat are answered by the
 * connection itself; every other API is registered here, so adding an API is one {@link #register}
 * call (and an APIs without a registration is answered with UNSUPPORTED_API).
 *
 * <p>Filled before the server starts; read-only and thread-safe afterwards.
 */
public final class RequestRouter {
    /** One registered API: how to read its body and who serves it. */
    public static final class Route<T extends ApiMessage> {
        private final Function<ByteBuf, T> reader;
        private final RequestHandler<T> handler;

        private Route(Function<ByteBuf, T> reader, RequestHandler<T> handler) {
            this.reader = reader;
            this.handler = handler;
        }

        /** Parses the body; throws MalformedFrameException if it does not follow the layout. */
        public T read(ByteBuf body) {
            return reader.apply(body);
        }

        public CompletionStage<? extends ApiMessage> handle(RequestContext context, ApiMessage request) {
            @SuppressWarnings("unchecked")
            T typed = (T) request;
            return handler.handle(context, typed);
        }
    }

    private final Map<ApiKey, Route<?>> routes = new EnumMap<>(ApiKey.class);

    public <T extends ApiMessage> RequestRouter register(
            ApiKey api, Function<ByteBuf, T> reader, RequestHandler<T> handler) {
        if (routes.putIfAbsent(api, new Route<>(reader, handler)) != null) {
            throw new IllegalStateException(api + " is registered twice");
        }
        return this;
    }

    /** The route of an API, or null if this broker does not serve it. */
    public Route<?> route(ApiKey api) {
        return routes.get(api);
    }
}
