package io.sluice.protocol.api;

import io.sluice.protocol.codec.MalformedFrameException;

/** When the broker answers a produce request: after appending, or after the data is durable. */
public enum Durability {
    /** Answer once the batches are in the log (NON_PERSISTENT messages). */
    APPENDED(0),
    /** Answer once the batches are on disk under the topic's flush policy (PERSISTENT messages). */
    DURABLE(1);

    private final byte code;

    Durability(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static Durability forCode(byte code) {
        return switch (code) {
            case 0 -> APPENDED;
            case 1 -> DURABLE;
            default -> throw new MalformedFrameException("unknown durability " + code);
        };
    }
}
