package io.sluice.protocol.message;

/**
 * The JMS body type of a record, kept in bits 0-3 of the record attributes. A record written by the
 * native client (no JMS metadata) has type {@link #BYTES} and is seen by JMS consumers as a
 * BytesMessage.
 */
public enum BodyType {
    BYTES(0),
    MESSAGE(1),
    TEXT(2),
    MAP(3),
    STREAM(4),
    OBJECT(5);

    public static final int ATTRIBUTE_MASK = 0x0f;

    private final byte code;

    BodyType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The body type in these record attributes; unknown codes read as {@link #BYTES}. */
    public static BodyType fromAttributes(byte attributes) {
        return switch (attributes & ATTRIBUTE_MASK) {
            case 1 -> MESSAGE;
            case 2 -> TEXT;
            case 3 -> MAP;
            case 4 -> STREAM;
            case 5 -> OBJECT;
            default -> BYTES;
        };
    }
}
