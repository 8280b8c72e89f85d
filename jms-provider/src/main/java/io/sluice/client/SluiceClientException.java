package io.sluice.client;

import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;

/**
 * Why a client operation failed: the {@link ErrorCode} (from the broker's response, or the code
 * the client uses for a failure it saw itself, such as {@link ErrorCode#CONNECTION_LOST} or {@link
 * ErrorCode#REQUEST_TIMED_OUT}) and, when the broker answered, the broker's own message.
 *
 * <p>Every instance is made by {@code ClientErrors}, the one place where the client turns codes
 * into exceptions; the JMS layer maps {@link #error()} to {@code jakarta.jms} exception types.
 *
 * <p>Immutable; thread-safe.
 */
public class SluiceClientException extends SluiceProtocolException {
    private static final long serialVersionUID = 1L;

    private final String brokerMessage;

    SluiceClientException(ErrorCode error, String message, String brokerMessage, Throwable cause) {
        super(error, message, cause);
        this.brokerMessage = brokerMessage;
    }

    /** The text the broker sent with the error code, or {@code null} if the failure was seen by the client. */
    public String brokerMessage() {
        return brokerMessage;
    }
}
