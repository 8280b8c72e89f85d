package io.sluice.protocol.codec;

import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;

/**
 * A frame, or the body of a frame, does not follow the layout in {@code docs/protocol.md}. The
 * connection that sent it cannot be trusted to stay in sync and is closed.
 */
public final class MalformedFrameException extends SluiceProtocolException {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(ErrorCode.MALFORMED_FRAME, message);
    }

    public MalformedFrameException(ErrorCode error, String message) {
        super(error, message);
    }
}
