package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Messages the broker pushes to a consumer (a PUSH frame). Each record is forwarded as stored,
 * with the base offset and first timestamp of its batch so it can be read with {@link
 * io.sluice.protocol.record.Record#readFrom}.
 *
 * <pre>
 * consumerId  int32
 * messages    array of
 *   deliveryId           int64, unique on the connection; acknowledgements name it
 *   partition            int32
 *   deliveryCount        int32, 1 on first delivery (JMSXDeliveryCount)
 *   batchBaseOffset      int64
 *   batchFirstTimestamp  int64
 *   record               bytes, one record in batch encoding
 * </pre>
 *
 * <p>When read, each {@code record} is a slice of the frame's body: valid while the frame is.
 */
public record DeliverPush(int consumerId, List<Delivery> messages) implements ApiMessage {

    public record Delivery(
            long deliveryId,
            int partition,
            int deliveryCount,
            long batchBaseOffset,
            long batchFirstTimestamp,
            ByteBuf record) {}

    public static DeliverPush read(ByteBuf in) {
        int consumerId = Wire.readInt(in, "consumerId");
        List<Delivery> messages = Wire.readRequiredArray(
                in,
                "messages",
                36,
                m -> new Delivery(
                        Wire.readLong(m, "deliveryId"),
                        Wire.readInt(m, "partition"),
                        Wire.readInt(m, "deliveryCount"),
                        Wire.readLong(m, "batchBaseOffset"),
                        Wire.readLong(m, "batchFirstTimestamp"),
                        Wire.readBytesSlice(m, "record")));
        Wire.expectEnd(in, "DeliverPush");
        return new DeliverPush(consumerId, messages);
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(consumerId);
        Wire.writeArray(out, messages, (b, m) -> {
            b.writeLong(m.deliveryId())
                    .writeInt(m.partition())
                    .writeInt(m.deliveryCount())
                    .writeLong(m.batchBaseOffset())
                    .writeLong(m.batchFirstTimestamp());
            Wire.writeBytes(b, m.record());
        });
    }

    @Override
    public int sizeHint() {
        int size = 8;
        for (Delivery m : messages) {
            size += 40 + (m.record() == null ? 0 : m.record().readableBytes());
        }
        return size;
    }
}
