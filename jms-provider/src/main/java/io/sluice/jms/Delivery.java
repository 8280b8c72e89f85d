package io.sluice.jms;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.api.DeliverPush;
import io.sluice.protocol.record.Record;

/**
 * One message the broker pushed to a consumer of this connection, copied out of the DELIVER frame:
 * the delivery id that settles it, where it came from, how often it has been delivered, and the
 * stored record bytes (decoded into a JMS message only when the application takes it).
 *
 * <p>Immutable by convention (nobody changes the array); thread-safe under that condition.
 *
 * @param deliveryId unique and increasing on the connection
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

    /** Copies one pushed delivery out of its frame (the frame is released afterwards). */
    static Delivery copyOf(DeliverPush.Delivery d) {
        return new Delivery(
                d.deliveryId(),
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

    @Override
    public String toString() {
        return "Delivery(id " + deliveryId + ", partition " + partition + ", count " + deliveryCount + ")";
    }
}
