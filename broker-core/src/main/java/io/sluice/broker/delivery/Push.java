package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;

/**
 * One record on its way to a consumer: what a DELIVER push carries for it, plus its place in the
 * subscription for the connection's ledger. {@code record} is a retained slice the receiver
 * releases.
 *
 * <p>Handed from a subscription's executor to a connection's event loop; not shared afterwards.
 */
record Push(
        Consumer consumer,
        int partition,
        long offset,
        int deliveryCount,
        long batchBaseOffset,
        long batchFirstTimestamp,
        ByteBuf record) {}
