package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;

/**
 * The body of a request, response or push frame. Each type writes itself and offers a static {@code
 * read(ByteBuf)} that validates as it reads ({@link io.sluice.protocol.codec.Wire}).
 */
public interface ApiMessage {
    /** Writes the body's bytes after the frame header. */
    void write(ByteBuf out);

    /** A guess of the encoded size, to size the buffer; need not be exact. */
    default int sizeHint() {
        return 64;
    }
}
