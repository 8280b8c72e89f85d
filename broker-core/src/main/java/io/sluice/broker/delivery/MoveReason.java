package io.sluice.broker.delivery;

import io.sluice.protocol.record.InvalidRecordException;

/** Why a message left its subscription for another queue; recorded in the copy's properties. */
enum MoveReason {
    /** Released after its delivery count reached the destination's {@code max.deliveries}. */
    MAX_DELIVERIES(1, "MAX_DELIVERIES"),
    /** The consumer rejected it (ACK type REJECT). */
    REJECTED(2, "REJECTED"),
    /** Its JMSExpiration passed and the destination names an expiry queue. */
    EXPIRED(3, "EXPIRED"),
    /** An operator moved it (MOVE_MESSAGES); the copy is unchanged. */
    MOVED(4, "MOVED"),
    /** An operator sent it back from a dead-letter queue (REDRIVE_MESSAGES). */
    REDRIVEN(5, "REDRIVEN");

    private final byte code;
    private final String label;

    MoveReason(int code, String label) {
        this.code = (byte) code;
        this.label = label;
    }

    byte code() {
        return code;
    }

    /** The value of the {@code JMS_Sluice_DeadLetterReason} property. */
    String label() {
        return label;
    }

    /** Whether an operator asked for the move (the target must exist; nothing is retried). */
    boolean isOperator() {
        return this == MOVED || this == REDRIVEN;
    }

    static MoveReason forCode(byte code) {
        for (MoveReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new InvalidRecordException("unknown move reason " + code);
    }
}
