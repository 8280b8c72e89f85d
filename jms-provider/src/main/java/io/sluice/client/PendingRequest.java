package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A request on its way: what to send, how to read the answer, and the future that completes with
 * it. The future completes exactly once, on the connection's event loop: with the decoded answer,
 * the broker's error, a timeout, or the loss of the connection.
 *
 * <p>Not thread-safe; confined to the connection's event loop once submitted.
 */
final class PendingRequest<T> {
    final ApiKey api;
    final ApiMessage body;
    final Function<ByteBuf, ? extends T> reader;
    final long timeoutMs;
    final CompletableFuture<T> future = new CompletableFuture<>();
    /** 0 until written. */
    int correlationId;

    private ScheduledFuture<?> timeoutTask;

    PendingRequest(ApiKey api, ApiMessage body, Function<ByteBuf, ? extends T> reader, long timeoutMs) {
        this.api = api;
        this.body = body;
        this.reader = reader;
        this.timeoutMs = timeoutMs;
    }

    void timeoutTask(ScheduledFuture<?> task) {
        this.timeoutTask = task;
    }

    void complete(T value) {
        cancelTimeout();
        future.complete(value);
    }

    void fail(Throwable cause) {
        cancelTimeout();
        future.completeExceptionally(cause);
    }

    /**
     * Decodes the answer's body and completes with it.
     *
     * @return false if the body did not decode: the request failed and the stream cannot be trusted
     */
    boolean completeFrom(ByteBuf body) {
        T value;
        try {
            value = reader.apply(body);
        } catch (SluiceClientException e) {
            fail(e);
            return false;
        } catch (RuntimeException e) {
            fail(ClientErrors.corrupt("cannot decode the answer to " + describe() + ": " + e.getMessage(), e));
            return false;
        }
        complete(value);
        return true;
    }

    boolean isDone() {
        return future.isDone();
    }

    private void cancelTimeout() {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
            timeoutTask = null;
        }
    }

    String describe() {
        return api + (correlationId == 0 ? "" : " (correlation id " + correlationId + ")");
    }
}
