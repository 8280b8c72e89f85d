package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.MalformedFrameException;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Settles deliveries of this connection, named by inclusive ranges of delivery ids. Sent ONE_WAY
 * where the client does not need to know when the broker has recorded it (auto and dups-ok
 * acknowledgement), as a request otherwise: the response (empty body) comes once the outcome is
 * durable. Ids the connection does not hold (already settled, or from before a reconnect) are
 * ignored.
 *
 * <pre>
 * type    int8, AckType
 * ranges  array of
 *   firstDeliveryId  int64
 *   lastDeliveryId   int64 (>= first)
 * </pre>
 */
public record AckRequest(AckType type, List<Range> ranges) implements ApiMessage {

    public record Range(long firstDeliveryId, long lastDeliveryId) {}

    public static AckRequest read(ByteBuf in) {
        AckType type = AckType.forCode(Wire.readByte(in, "type"));
        List<Range> ranges = Wire.readRequiredArray(in, "ranges", 16, r -> {
            long first = Wire.readLong(r, "firstDeliveryId");
            long last = Wire.readLong(r, "lastDeliveryId");
            if (last < first) {
                throw new MalformedFrameException("delivery id range [" + first + ", " + last + "] is reversed");
            }
            return new Range(first, last);
        });
        Wire.expectEnd(in, "AckRequest");
        return new AckRequest(type, ranges);
    }

    @Override
    public void write(ByteBuf out) {
        out.writeByte(type.code());
        Wire.writeArray(out, ranges, (b, r) -> b.writeLong(r.firstDeliveryId()).writeLong(r.lastDeliveryId()));
    }

    @Override
    public int sizeHint() {
        return 8 + ranges.size() * 16;
    }
}
