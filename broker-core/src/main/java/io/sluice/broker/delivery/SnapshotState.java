package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A snapshot of a subscription's durable state, taken on its executor and about to be saved to the
 * metadata store.
 *
 * <p>Immutable once taken; handed from the subscription to the snapshot round.
 *
 * @param validToOffset the cursor-log offset from which recovery replays this subscription's ops
 */
record SnapshotState(long subscriptionId, long validToOffset, SubscriptionCheckpoint checkpoint) {

    /** The encoded checkpoint, as the metadata store keeps it. */
    byte[] encoded() {
        ByteBuf buf = Unpooled.buffer();
        checkpoint.encode(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}
