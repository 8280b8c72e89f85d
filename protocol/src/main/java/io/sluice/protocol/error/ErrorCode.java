package io.sluice.protocol.error;

import java.util.HashMap;
import java.util.Map;

/**
 * Every error the broker can report, with its stable numeric code on the wire. Codes are never
 * renumbered or reused; new errors take new numbers. {@link #isRetriable()} tells a client whether
 * the same request may succeed if sent again later (after a reconnect or a wait).
 *
 * <p>The client maps codes to {@code jakarta.jms} exception types in one place; the broker maps its
 * exceptions to codes in one place. The table is repeated in {@code docs/protocol.md}.
 *
 * <p>Immutable; thread-safe.
 */
public enum ErrorCode {
    NONE(0, false, "no error"),
    UNKNOWN_SERVER_ERROR(1, false, "the broker failed unexpectedly; see its log"),
    MALFORMED_FRAME(2, false, "the frame could not be decoded"),
    UNSUPPORTED_VERSION(3, false, "the protocol or API version is not supported"),
    UNSUPPORTED_API(4, false, "the API key is not known to this broker"),
    INVALID_REQUEST(5, false, "the request is not valid"),
    FRAME_TOO_LARGE(6, false, "the frame exceeds the maximum frame size"),
    /** Never sent by a broker: a client reports it when the connection dropped before the answer came. */
    CONNECTION_LOST(7, true, "the connection to the broker was lost before the answer arrived"),

    AUTHENTICATION_FAILED(10, false, "wrong username or password"),
    HANDSHAKE_REQUIRED(11, false, "the connection must complete its handshake first"),
    AUTHORIZATION_FAILED(12, false, "the user lacks the permission"),
    INVALID_CLIENT_ID(13, false, "the client id is invalid or already in use"),
    UNKNOWN_USER(14, false, "the user does not exist"),

    UNKNOWN_TOPIC(20, false, "the destination does not exist"),
    TOPIC_ALREADY_EXISTS(21, false, "the destination already exists"),
    INVALID_TOPIC_NAME(22, false, "the destination name is not valid"),
    UNKNOWN_PARTITION(23, false, "the partition does not exist"),
    INVALID_CONFIG(24, false, "a configuration value is not valid"),
    OFFSET_OUT_OF_RANGE(25, false, "the offset is outside the log"),
    DESTINATION_TYPE_MISMATCH(26, false, "the destination exists with a different type"),

    CORRUPT_RECORD(30, false, "a record batch failed validation"),
    RECORD_TOO_LARGE(31, false, "a record batch exceeds the maximum size"),

    OUT_OF_ORDER_SEQUENCE(40, false, "a producer sequence number is not the next expected one"),
    PRODUCER_FENCED(41, false, "a newer epoch of this producer exists"),
    UNKNOWN_PRODUCER_ID(42, false, "the producer id is not known"),

    STORAGE_ERROR(50, true, "the broker could not read or write its storage"),
    STORAGE_FULL(51, true, "the broker's disk is full"),
    RESOURCE_LIMIT_EXCEEDED(52, true, "a broker resource limit was reached"),

    REQUEST_TIMED_OUT(60, true, "the request timed out"),
    BROKER_SHUTTING_DOWN(61, true, "the broker is shutting down"),
    NOT_DURABLE(62, true, "the data was appended but could not be made durable"),

    INVALID_SELECTOR(70, false, "the message selector is not valid"),
    UNKNOWN_SUBSCRIPTION(71, false, "the subscription does not exist"),
    SUBSCRIPTION_IN_USE(72, false, "the subscription has active consumers"),
    UNKNOWN_CONSUMER(73, false, "the consumer does not exist"),
    ILLEGAL_STATE(74, false, "the request is not allowed in the current state"),
    TEMPORARY_DESTINATION_IN_USE(75, false, "the temporary destination has consumers"),
    TEMPORARY_DESTINATION_NOT_OWNED(76, false, "the temporary destination belongs to another connection"),

    TRANSACTION_ROLLED_BACK(80, false, "the transaction was rolled back"),
    TRANSACTION_TOO_LARGE(81, false, "the transaction exceeds the maximum size"),
    UNKNOWN_TRANSACTION(82, false, "the transaction is not known"),

    UNKNOWN_CONNECTION(90, false, "the connection does not exist");

    private static final Map<Short, ErrorCode> BY_CODE = new HashMap<>();

    static {
        for (ErrorCode error : values()) {
            ErrorCode previous = BY_CODE.put(error.code, error);
            if (previous != null) {
                throw new ExceptionInInitializerError("code " + error.code + " used by " + previous + " and " + error);
            }
        }
    }

    private final short code;
    private final boolean retriable;
    private final String description;

    ErrorCode(int code, boolean retriable, String description) {
        this.code = (short) code;
        this.retriable = retriable;
        this.description = description;
    }

    public short code() {
        return code;
    }

    public boolean isRetriable() {
        return retriable;
    }

    public String description() {
        return description;
    }

    /** The error with this code; an unknown code (from a newer broker) reads as {@link #UNKNOWN_SERVER_ERROR}. */
    public static ErrorCode forCode(short code) {
        ErrorCode error = BY_CODE.get(code);
        return error == null ? UNKNOWN_SERVER_ERROR : error;
    }
}
