package io.sluice.client;

import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where the client turns error codes and transport failures into {@link
 * SluiceClientException}s, so that every failure a caller sees carries a code and a message saying
 * what was attempted.
 *
 * <p>Stateless; thread-safe.
 */
final class ClientErrors {
    private ClientErrors() {}

    /** The broker answered {@code api} with {@code error} and {@code brokerMessage}. */
    static SluiceClientException fromBroker(ApiKey api, ErrorCode error, String brokerMessage) {
        return fromBroker(api.name(), error, brokerMessage);
    }

    /** The broker reported {@code error} for {@code what} (an API or one partition of it). */
    static SluiceClientException fromBroker(String what, ErrorCode error, String brokerMessage) {
        String text = what + " failed with " + error + " (" + error.code() + "): "
                + (brokerMessage == null || brokerMessage.isEmpty() ? error.description() : brokerMessage);
        return new SluiceClientException(error, text, brokerMessage, null);
    }

    static SluiceClientException timeout(String what, long timeoutMs) {
        return new SluiceClientException(
                ErrorCode.REQUEST_TIMED_OUT, what + " got no answer within " + timeoutMs + " ms", null, null);
    }

    static SluiceClientException connectionLost(String message, Throwable cause) {
        return new SluiceClientException(ErrorCode.CONNECTION_LOST, message, null, cause);
    }

    static SluiceClientException closed(String what) {
        return new SluiceClientException(ErrorCode.ILLEGAL_STATE, what + " is closed", null, null);
    }

    static SluiceClientException illegalState(String message) {
        return new SluiceClientException(ErrorCode.ILLEGAL_STATE, message, null, null);
    }

    static SluiceClientException invalidRequest(String message, Throwable cause) {
        return new SluiceClientException(ErrorCode.INVALID_REQUEST, message, null, cause);
    }

    /** A client-side limit was exceeded (a record larger than a frame or the buffer memory). */
    static SluiceClientException recordTooLarge(String message) {
        return new SluiceClientException(ErrorCode.RECORD_TOO_LARGE, message, null, null);
    }

    /** The producer's buffer memory stayed full for longer than it may block. */
    static SluiceClientException bufferExhausted(String message) {
        return new SluiceClientException(ErrorCode.RESOURCE_LIMIT_EXCEEDED, message, null, null);
    }

    /** Data from the broker failed validation on the client. */
    static SluiceClientException corrupt(String message, Throwable cause) {
        return new SluiceClientException(ErrorCode.CORRUPT_RECORD, message, null, cause);
    }

    /**
     * The {@link SluiceClientException} behind {@code t}, unwrapping future wrappers; anything else
     * (a bug, an unexpected runtime failure) becomes UNKNOWN_SERVER_ERROR with {@code t} as cause.
     */
    static SluiceClientException unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SluiceClientException e) {
            return e;
        }
        if (cause instanceof SluiceProtocolException e) {
            return new SluiceClientException(e.error(), e.getMessage(), null, e);
        }
        return new SluiceClientException(
                ErrorCode.UNKNOWN_SERVER_ERROR, "unexpected client failure: " + cause, null, cause);
    }
}
