package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.MalformedFrameException;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * A page of inspected messages, partition after partition in offset order, and where the next
 * page starts.
 *
 * <pre>
 * messages   array of
 *   partition            int32
 *   offset               int64
 *   state                int8: 0 STORED (log view), 1 AVAILABLE, 2 DELAYED, 3 IN_DELIVERY, 4 MOVING
 *   deliveryCount        int32, deliveries so far (0 in the log view)
 *   batchBaseOffset      int64
 *   batchFirstTimestamp  int64
 *   record               bytes, one record in batch encoding
 * positions  array of (partition int32, offset int64): pass to the next request
 * end        boolean, true once every partition was read to its end
 * </pre>
 */
public record InspectMessagesResponse(
        List<InspectedMessage> messages, List<BrowseRequest.Position> positions, boolean end) implements ApiMessage {

    /** What the subscription (if any) is doing with a message. */
    public enum State {
        STORED,
        AVAILABLE,
        DELAYED,
        IN_DELIVERY,
        MOVING;

        static State forCode(byte code) {
            if (code < 0 || code >= values().length) {
                throw new MalformedFrameException("unknown message state " + code);
            }
            return values()[code];
        }
    }

    public record InspectedMessage(
            int partition,
            long offset,
            State state,
            int deliveryCount,
            long batchBaseOffset,
            long batchFirstTimestamp,
            ByteBuf record) {}

    public static InspectMessagesResponse read(ByteBuf in) {
        List<InspectedMessage> messages = Wire.readRequiredArray(
                in,
                "messages",
                41,
                m -> new InspectedMessage(
                        Wire.readInt(m, "partition"),
                        Wire.readLong(m, "offset"),
                        State.forCode(Wire.readByte(m, "state")),
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
        Wire.expectEnd(in, "InspectMessagesResponse");
        return new InspectMessagesResponse(messages, positions, end);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, messages, (b, m) -> {
            b.writeInt(m.partition()).writeLong(m.offset());
            b.writeByte(m.state().ordinal());
            b.writeInt(m.deliveryCount()).writeLong(m.batchBaseOffset()).writeLong(m.batchFirstTimestamp());
            Wire.writeBytes(b, m.record());
        });
        Wire.writeArray(out, positions, (b, p) -> b.writeInt(p.partition()).writeLong(p.offset()));
        Wire.writeBoolean(out, end);
    }

    @Override
    public int sizeHint() {
        int bytes = 64;
        for (InspectedMessage m : messages) {
            bytes += 45 + (m.record() == null ? 0 : m.record().readableBytes());
        }
        return bytes;
    }
}
