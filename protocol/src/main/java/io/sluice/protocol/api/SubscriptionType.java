package io.sluice.protocol.api;

import io.sluice.protocol.codec.MalformedFrameException;

/** How a consumer attaches to a destination; decides which cursor it reads through. */
public enum SubscriptionType {
    /** The queue's one shared cursor: consumers compete for messages. */
    QUEUE(0),
    /** A cursor of its own, created at the end of the log, removed with the consumer. */
    NON_DURABLE(1),
    /** Named by client id and name; kept while no consumer is attached; one consumer at a time. */
    DURABLE(2),
    /** Named; consumers compete; removed with its last consumer. */
    SHARED(3),
    /** Named; consumers compete; kept while no consumer is attached. */
    SHARED_DURABLE(4);

    private final byte code;

    SubscriptionType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public boolean isDurable() {
        return this == DURABLE || this == SHARED_DURABLE;
    }

    public boolean isShared() {
        return this == SHARED || this == SHARED_DURABLE;
    }

    public static SubscriptionType forCode(byte code) {
        return switch (code) {
            case 0 -> QUEUE;
            case 1 -> NON_DURABLE;
            case 2 -> DURABLE;
            case 3 -> SHARED;
            case 4 -> SHARED_DURABLE;
            default -> throw new MalformedFrameException("unknown subscription type " + code);
        };
    }
}
