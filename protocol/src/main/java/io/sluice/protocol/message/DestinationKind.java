package io.sluice.protocol.message;

import io.sluice.protocol.record.InvalidRecordException;

/** What kind of JMS destination a name refers to, as carried in JMSReplyTo and subscriptions. */
public enum DestinationKind {
    QUEUE(0),
    TOPIC(1),
    TEMPORARY_QUEUE(2),
    TEMPORARY_TOPIC(3);

    private final byte code;

    DestinationKind(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public boolean isQueue() {
        return this == QUEUE || this == TEMPORARY_QUEUE;
    }

    public boolean isTemporary() {
        return this == TEMPORARY_QUEUE || this == TEMPORARY_TOPIC;
    }

    public static DestinationKind forCode(byte code) {
        return switch (code) {
            case 0 -> QUEUE;
            case 1 -> TOPIC;
            case 2 -> TEMPORARY_QUEUE;
            case 3 -> TEMPORARY_TOPIC;
            default -> throw new InvalidRecordException("unknown destination kind " + code);
        };
    }
}
