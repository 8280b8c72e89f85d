package io.sluice.console;

/**
 * A request the console refuses or cannot serve, with the HTTP status and the message the caller
 * sees as {@code {"error": message}}.
 *
 * <p>Immutable; thread-safe.
 */
public final class ConsoleException extends RuntimeException {
    private final int status;
    private final String field;

    public ConsoleException(int status, String message) {
        this(status, message, null);
    }

    /** @param field the request field the message is about (e.g. "selector"), or null */
    public ConsoleException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public static ConsoleException badRequest(String message) {
        return new ConsoleException(400, message);
    }
}
