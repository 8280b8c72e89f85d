package io.sluice.protocol.api;

import io.sluice.protocol.codec.MalformedFrameException;
import io.sluice.protocol.message.DestinationKind;
import io.sluice.protocol.record.InvalidRecordException;

/** Reads enum codes from frames, turning an unknown code into a malformed-frame error. */
final class Codes {
    private Codes() {}

    static DestinationKind destinationKind(byte code) {
        try {
            return DestinationKind.forCode(code);
        } catch (InvalidRecordException e) {
            throw new MalformedFrameException(e.getMessage());
        }
    }
}
