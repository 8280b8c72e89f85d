package io.sluice.jms;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.DeliverPush;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.Varint;
import java.util.ArrayList;
import java.util.List;

/**
 * One message the broker pushed to a consumer of this connection, copied out of the DELIVER frame:
 * the delivery id that settles it, where it came from, how often it has been delivered, and the
 * stored record bytes (decoded into a JMS message only when the application takes it).
 *
 * <p>Immutable by convention (nobody changes the array); thread-safe under that condition.
 *
 * @param deliveryId the broker's delivery id tagged with the client's connection epoch ({@link
 *     #tag}): unique and increasing on the JMS connection, across reconnects
 * @param deliveryCount 1 on the first delivery
 * @param record one record in batch encoding, length prefix included
 */
record Delivery(
        long deliveryId,
        int partition,
        int deliveryCount,
        long batchBaseOffset,
        long batchFirstTimestamp,
        byte[] record) {

    /** Bits of a tagged delivery id that hold the broker's id; the epoch sits above them. */
    static final int EPOCH_SHIFT = 40;

    /** The connection-independent id of delivery {@code brokerId} of the connection of {@code epoch}. */
    static long tag(long epoch, long brokerId) {
        return (epoch << EPOCH_SHIFT) | brokerId;
    }

    static long epochOf(long taggedId) {
        return taggedId >>> EPOCH_SHIFT;
    }

    static long brokerIdOf(long taggedId) {
        return taggedId & ((1L << EPOCH_SHIFT) - 1);
    }

    /** The broker's inclusive id ranges (tags removed) of ids of one connection. */
    static List<AckRequest.Range> brokerRanges(DeliveryIds ids) {
        List<AckRequest.Range> tagged = ids.ranges();
        List<AckRequest.Range> out = new ArrayList<>(tagged.size());
        for (AckRequest.Range r : tagged) {
            out.add(new AckRequest.Range(brokerIdOf(r.firstDeliveryId()), brokerIdOf(r.lastDeliveryId())));
        }
        return out;
    }

    /** Copies one pushed delivery of the connection of {@code epoch} out of its frame. */
    static Delivery copyOf(DeliverPush.Delivery d, long epoch) {
        return new Delivery(
                tag(epoch, d.deliveryId()),
                d.partition(),
                d.deliveryCount(),
                d.batchBaseOffset(),
                d.batchFirstTimestamp(),
                ByteBufUtil.getBytes(d.record()));
    }

    /** The record, read over the copied bytes. */
    Record readRecord() {
        ByteBuf bytes = Unpooled.wrappedBuffer(record);
        return Record.readFrom(bytes, batchBaseOffset, batchFirstTimestamp);
    }

    /** The record's offset in its partition, or -1 if the record bytes are malformed. */
    long offset() {
        try {
            ByteBuf bytes = Unpooled.wrappedBuffer(record);
            Varint.readInt(bytes);
            bytes.readByte();
            Varint.readLong(bytes);
            return batchBaseOffset + Varint.readInt(bytes);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "Delivery(id " + deliveryId + ", partition " + partition + ", count " + deliveryCount + ")";
    }
}
