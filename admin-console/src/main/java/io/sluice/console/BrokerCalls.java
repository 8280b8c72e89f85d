package io.sluice.console;

import io.sluice.client.SluiceClientException;
import io.sluice.protocol.error.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a broker request on the web server's thread and turns its failure into the HTTP
 * answer: the broker's error code picks the status (bad input 400, unknown things 404, conflicts
 * 409, refused 403, broker unreachable 503) and its message is passed on.
 *
 * <p>Stateless; thread-safe.
 */
final class BrokerCalls {
    private BrokerCalls() {}

    static <T> T await(CompletableFuture<T> request, Duration timeout) {
        try {
            return request.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException(503, "interrupted while waiting for the broker");
        } catch (TimeoutException e) {
            throw new ConsoleException(504, "the broker did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException | CompletionException e) {
            throw translate(e.getCause() == null ? e : e.getCause());
        }
    }

    static RuntimeException translate(Throwable failure) {
        if (failure instanceof ConsoleException c) {
            return c;
        }
        if (failure instanceof SluiceClientException e) {
            String message =
                    e.brokerMessage() != null ? e.brokerMessage() : e.error().description();
            return new ConsoleException(statusOf(e.error()), message, fieldOf(e.error()));
        }
        if (failure instanceof IllegalArgumentException e) {
            return new ConsoleException(400, e.getMessage());
        }
        return new ConsoleException(502, "the broker request failed: " + failure);
    }

    static int statusOf(ErrorCode error) {
        return switch (error) {
            case INVALID_REQUEST,
                    INVALID_TOPIC_NAME,
                    INVALID_CONFIG,
                    INVALID_SELECTOR,
                    INVALID_CLIENT_ID,
                    CORRUPT_RECORD,
                    RECORD_TOO_LARGE -> 400;
            case AUTHENTICATION_FAILED -> 401;
            case AUTHORIZATION_FAILED -> 403;
            case UNKNOWN_TOPIC,
                    UNKNOWN_USER,
                    UNKNOWN_PARTITION,
                    UNKNOWN_SUBSCRIPTION,
                    UNKNOWN_CONSUMER,
                    UNKNOWN_CONNECTION -> 404;
            case TOPIC_ALREADY_EXISTS,
                    SUBSCRIPTION_IN_USE,
                    DESTINATION_TYPE_MISMATCH,
                    ILLEGAL_STATE,
                    TEMPORARY_DESTINATION_IN_USE -> 409;
            case CONNECTION_LOST, BROKER_SHUTTING_DOWN, STORAGE_ERROR, STORAGE_FULL, RESOURCE_LIMIT_EXCEEDED -> 503;
            case REQUEST_TIMED_OUT -> 504;
            default -> 502;
        };
    }

    private static String fieldOf(ErrorCode error) {
        return switch (error) {
            case INVALID_SELECTOR -> "selector";
            case INVALID_TOPIC_NAME -> "name";
            case INVALID_CONFIG -> "config";
            default -> null;
        };
    }
}
