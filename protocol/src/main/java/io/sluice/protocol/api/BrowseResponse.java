package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * A page of browsed messages and where the next page starts.
 *
 * <pre>
 * messages   array of
 *   partition            int32
 *   deliveryCount        int32, attempts so far
 *   batchBaseOffset      int64
 *   batchFirstTimestamp  int64
 *   record               bytes, one record in batch encoding
 * positions  array of (partition int32, offset int64): pass to the next BrowseRequest
 * end        boolean, true when no further message was available
 * </pre>
 */
public record BrowseResponse(List<BrowsedMessage> messages, List<BrowseRequest.Position> positions, boolean end)
        implements ApiMessage {

    public record BrowsedMessage(
            int partition, int deliveryCount, long batchBaseOffset, long batchFirstTimestamp, ByteBuf record) {}

    public static BrowseResponse read(ByteBuf in) {
        List<BrowsedMessage> messages = Wire.readRequiredArray(
                in,
                "messages",
                28,
                m -> new BrowsedMessage(
                        Wire.readInt(m, "partition"),
                        Wire.readInt(m, "deliveryCount"),
                        Wire.readLong(m, "batchBaseOffset"),
                        Wire.readLong(m, "batchFirstTimestamp"),
                        Wire.readBytesSlice(m, "record")));
        List<BrowseRequest.Position> positions = Wire.readRequiredArray(
                in,
                "positions",
                12,
                p -> new BrowseRequest.Position(Wire.readInt(p, "partition"), Wire.readLong(p, "offset")));
        boolean end = Wire.readBoolean(in, "end");
        Wire.expectEnd(in, "BrowseResponse");
        return new BrowseResponse(messages, positions, end);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, messages, (b, m) -> {
            b.writeInt(m.partition())
                    .writeInt(m.deliveryCount())
                    .writeLong(m.batchBaseOffset())
                    .writeLong(m.batchFirstTimestamp());
            Wire.writeBytes(b, m.record());
        });
        Wire.writeArray(out, positions, (b, p) -> b.writeInt(p.partition()).writeLong(p.offset()));
        Wire.writeBoolean(out, end);
    }
}
