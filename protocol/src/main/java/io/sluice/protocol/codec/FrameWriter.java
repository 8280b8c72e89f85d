package io.sluice.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.api.ApiMessage;

/**
 * Encodes frames: the length field, the {@link FrameHeader} and a body written by an {@link
 * ApiMessage}. The length is filled in after the body, so bodies are written once, straight into
 * the outgoing buffer.
 *
 * <p>Stateless and thread-safe.
 */
public final class FrameWriter {
    private FrameWriter() {}

    /** A frame whose body is {@code body}, or no body when it is null. */
    public static ByteBuf encode(ByteBufAllocator allocator, FrameHeader header, ApiMessage body) {
        ByteBuf out = allocator.ioBuffer(body == null ? 32 : body.sizeHint() + 32);
        try {
            out.writeInt(0);
            header.writeTo(out);
            if (body != null) {
                body.write(out);
            }
            out.setInt(0, out.readableBytes() - FrameHeader.LENGTH_FIELD_BYTES);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }
}
