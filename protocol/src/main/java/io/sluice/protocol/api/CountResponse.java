package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * How many things an operation affected (PURGE_QUEUE: messages removed).
 *
 * <pre>
 * count  int64
 * </pre>
 */
public record CountResponse(long count) implements ApiMessage {

    public static CountResponse read(ByteBuf in) {
        CountResponse r = new CountResponse(Wire.readLong(in, "count"));
        Wire.expectEnd(in, "CountResponse");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(count);
    }
}
