package io.sluice.broker.server;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.api.ApiMessage;
import java.util.List;

/**
 * A response body that refers to buffers the handler owns (e.g. batches read from the log). The
 * connection releases them once the body has been encoded into the outgoing frame, or dropped.
 *
 * <p>Not thread-safe; handed from a handler to the connection's event loop.
 */
public record OwnedResponse(ApiMessage body, List<ByteBuf> buffers) implements ApiMessage {

    @Override
    public void write(ByteBuf out) {
        body.write(out);
    }

    @Override
    public int sizeHint() {
        return body.sizeHint();
    }

    /** Releases the buffers; call once. */
    public void release() {
        buffers.forEach(ReferenceCountUtil::safeRelease);
    }
}
