package io.sluice.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.error.ErrorCode;

/**
 * The fixed header every frame starts with, in both directions.
 *
 * <pre>
 * offset  size  field           notes
 *  0      4     length          int32, bytes after this field (header rest + body)
 *  4      2     apiKey          int16, see ApiKey
 *  6      2     apiVersion      int16
 *  8      4     correlationId   int32, chosen by the requester, echoed in the response;
 *                               0 in push frames
 * 12      1     flags           bit 0 RESPONSE, bit 1 PUSH (unsolicited, broker to client),
 *                               bit 2 ONE_WAY (request that wants no response); others 0
 * -- response frames only --
 * 13      2     errorCode       int16, see ErrorCode; the body is empty unless 0
 * 15      2+n   errorMessage    string (int16 length, -1 = null, UTF-8)
 * </pre>
 *
 * @param errorMessage human-readable detail of the error; null when {@code error} is NONE
 */
public record FrameHeader(
        short apiKey, short apiVersion, int correlationId, byte flags, ErrorCode error, String errorMessage) {

    public static final byte RESPONSE = 0x01;
    public static final byte PUSH = 0x02;
    public static final byte ONE_WAY = 0x04;
    private static final byte KNOWN_FLAGS = RESPONSE | PUSH | ONE_WAY;

    /** Bytes of the length field. */
    public static final int LENGTH_FIELD_BYTES = 4;
    /** Bytes of a request or push header after the length field. */
    public static final int REQUEST_HEADER_BYTES = 9;

    public static FrameHeader request(short apiKey, short apiVersion, int correlationId) {
        return new FrameHeader(apiKey, apiVersion, correlationId, (byte) 0, ErrorCode.NONE, null);
    }

    public static FrameHeader oneWay(short apiKey, short apiVersion) {
        return new FrameHeader(apiKey, apiVersion, 0, ONE_WAY, ErrorCode.NONE, null);
    }

    public static FrameHeader push(short apiKey, short apiVersion) {
        return new FrameHeader(apiKey, apiVersion, 0, PUSH, ErrorCode.NONE, null);
    }

    public static FrameHeader response(FrameHeader request, ErrorCode error, String errorMessage) {
        return new FrameHeader(
                request.apiKey, request.apiVersion, request.correlationId, RESPONSE, error, errorMessage);
    }

    public boolean isResponse() {
        return (flags & RESPONSE) != 0;
    }

    public boolean isPush() {
        return (flags & PUSH) != 0;
    }

    public boolean isOneWay() {
        return (flags & ONE_WAY) != 0;
    }

    /** Writes the header after the length field. */
    void writeTo(ByteBuf out) {
        out.writeShort(apiKey).writeShort(apiVersion).writeInt(correlationId).writeByte(flags);
        if (isResponse()) {
            out.writeShort(error.code());
            Wire.writeString(out, errorMessage);
        }
    }

    /** Reads the header that follows the length field. */
    static FrameHeader readFrom(ByteBuf in) {
        short apiKey = Wire.readShort(in, "apiKey");
        short apiVersion = Wire.readShort(in, "apiVersion");
        int correlationId = Wire.readInt(in, "correlationId");
        byte flags = Wire.readByte(in, "flags");
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new MalformedFrameException("unknown frame flags 0x" + Integer.toHexString(flags & 0xff));
        }
        if ((flags & RESPONSE) == 0) {
            return new FrameHeader(apiKey, apiVersion, correlationId, flags, ErrorCode.NONE, null);
        }
        ErrorCode error = ErrorCode.forCode(Wire.readShort(in, "errorCode"));
        String message = Wire.readString(in, "errorMessage");
        return new FrameHeader(apiKey, apiVersion, correlationId, flags, error, message);
    }
}
