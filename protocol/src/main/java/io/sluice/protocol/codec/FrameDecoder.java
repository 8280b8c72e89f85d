package io.sluice.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.sluice.protocol.error.ErrorCode;
import java.util.List;

/**
 * Splits the byte stream into {@link Frame}s. The length field is checked against the current
 * maximum as soon as its 4 bytes arrive, before any frame-sized buffer exists, so a forged length
 * can never make the receiver allocate; the maximum can be lowered until a connection has
 * authenticated.
 *
 * <p>A frame that is too large, too small or has a malformed header raises {@link
 * MalformedFrameException}; the pipeline's exception handler is expected to close the connection,
 * because the stream can no longer be trusted to be in sync. The decoder then discards everything
 * else it receives.
 *
 * <p>Not thread-safe; confined to its channel's event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private int maxFrameBytes;
    private boolean failed;

    public FrameDecoder(int maxFrameBytes) {
        setMaxFrameBytes(maxFrameBytes);
    }

    /** Changes the largest accepted frame (length field value) for frames not yet started. */
    public void setMaxFrameBytes(int maxFrameBytes) {
        if (maxFrameBytes < FrameHeader.REQUEST_HEADER_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " is below the header size");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < FrameHeader.LENGTH_FIELD_BYTES) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start);
        if (length < FrameHeader.REQUEST_HEADER_BYTES) {
            throw fail(
                    in,
                    ErrorCode.MALFORMED_FRAME,
                    "frame length " + length + " is smaller than the " + FrameHeader.REQUEST_HEADER_BYTES
                            + "-byte header");
        }
        if (length > maxFrameBytes) {
            throw fail(
                    in,
                    ErrorCode.FRAME_TOO_LARGE,
                    "frame length " + length + " exceeds the limit of " + maxFrameBytes + " bytes");
        }
        if (in.readableBytes() < FrameHeader.LENGTH_FIELD_BYTES + length) {
            return;
        }
        in.skipBytes(FrameHeader.LENGTH_FIELD_BYTES);
        ByteBuf frameBytes = in.readSlice(length);
        FrameHeader header;
        try {
            header = FrameHeader.readFrom(frameBytes);
        } catch (MalformedFrameException e) {
            throw fail(in, e.error(), "bad frame header: " + e.getMessage());
        }
        out.add(new Frame(header, frameBytes.retainedSlice()));
    }

    private MalformedFrameException fail(ByteBuf in, ErrorCode error, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return new MalformedFrameException(error, message);
    }
}
