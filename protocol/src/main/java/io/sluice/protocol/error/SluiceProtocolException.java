package io.sluice.protocol.error;

/**
 * An error that carries its wire {@link ErrorCode}: thrown by the broker's request handlers to
 * answer with that code, and by the client when a response carries it. The message is the
 * human-readable text that travels with the code.
 */
public class SluiceProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode error;

    public SluiceProtocolException(ErrorCode error, String message) {
        super(message);
        this.error = error;
    }

    public SluiceProtocolException(ErrorCode error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public ErrorCode error() {
        return error;
    }

    public boolean isRetriable() {
        return error.isRetriable();
    }
}
