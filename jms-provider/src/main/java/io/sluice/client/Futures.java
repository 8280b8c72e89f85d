package io.sluice.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Helpers between the client's internal futures (completed on the event loop) and callers.
 *
 * <p>Stateless; thread-safe.
 */
final class Futures {
    private Futures() {}

    /**
     * Waits for a future that is known to complete (every client request has a timeout) and returns
     * its value.
     *
     * @throws SluiceClientException the failure, unwrapped
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            throw ClientErrors.unwrap(e);
        }
    }

    /**
     * A future completed on {@code executor} with the outcome of {@code internal}, so that callers'
     * dependent stages never run on the event loop. Failures arrive as {@link SluiceClientException}.
     */
    static <T> CompletableFuture<T> handOff(CompletableFuture<T> internal, Executor executor) {
        CompletableFuture<T> external = new CompletableFuture<>();
        internal.whenComplete((value, error) -> executor.execute(() -> {
            if (error != null) {
                external.completeExceptionally(ClientErrors.unwrap(error));
            } else {
                external.complete(value);
            }
        }));
        return external;
    }
}
