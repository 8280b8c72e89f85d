package io.sluice.broker.server;

import io.sluice.protocol.api.ApiMessage;
import java.util.concurrent.CompletionStage;

/**
 * Serves one API. Called on the connection's Netty event loop, in the order requests arrived on
 * that connection: it must not block. It may start work synchronously (e.g. queue appends, so that
 * their order follows the requests) and hand everything that blocks to the broker's executors.
 *
 * <p>The returned stage completes with the response body, or exceptionally with an exception the
 * {@link ErrorMapper} turns into an error code. A handler may also throw directly.
 */
@FunctionalInterface
public interface RequestHandler<T extends ApiMessage> {
    CompletionStage<? extends ApiMessage> handle(RequestContext context, T request);
}
