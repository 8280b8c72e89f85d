package io.sluice.protocol.api;

import io.sluice.protocol.codec.MalformedFrameException;

/** What a consumer did with delivered messages. */
public enum AckType {
    /** Consumed: the message is done for this subscription. */
    ACCEPT(0),
    /** Handed to the application but not consumed (recover, rollback): redeliver it, counted as an attempt. */
    RELEASE(1),
    /** Never handed to the application (prefetched, then the consumer closed): redeliver, not counted. */
    RELEASE_UNDELIVERED(2),
    /** Cannot be processed: dead-letter it now. */
    REJECT(3);

    private final byte code;

    AckType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static AckType forCode(byte code) {
        return switch (code) {
            case 0 -> ACCEPT;
            case 1 -> RELEASE;
            case 2 -> RELEASE_UNDELIVERED;
            case 3 -> REJECT;
            default -> throw new MalformedFrameException("unknown ack type " + code);
        };
    }
}
