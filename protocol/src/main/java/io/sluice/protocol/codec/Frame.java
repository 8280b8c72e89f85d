package io.sluice.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * A decoded frame: its header and its body bytes (a retained slice of the received data). The
 * frame owns the body: release the frame once the body has been read.
 *
 * <p>Not thread-safe; handed from the decoder to one handler.
 */
public final class Frame extends AbstractReferenceCounted {
    private final FrameHeader header;
    private final ByteBuf body;

    public Frame(FrameHeader header, ByteBuf body) {
        this.header = header;
        this.body = body;
    }

    public FrameHeader header() {
        return header;
    }

    /** The body; reading it moves its reader index. */
    public ByteBuf body() {
        return body;
    }

    @Override
    protected void deallocate() {
        body.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        body.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "Frame(" + header + ", " + body.readableBytes() + " body bytes)";
    }
}
