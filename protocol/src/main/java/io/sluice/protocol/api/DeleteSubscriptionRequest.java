package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Deletes an idle durable or shared durable subscription by id (DELETE_SUBSCRIPTION), whatever
 * its client id: UNSUBSCRIBE for operators. UNKNOWN_SUBSCRIPTION if there is none,
 * SUBSCRIPTION_IN_USE while it has a consumer or unsettled deliveries, INVALID_REQUEST for a
 * subscription that is not durable.
 *
 * <pre>
 * subscriptionId  int64
 * </pre>
 */
public record DeleteSubscriptionRequest(long subscriptionId) implements ApiMessage {

    public static DeleteSubscriptionRequest read(ByteBuf in) {
        DeleteSubscriptionRequest r = new DeleteSubscriptionRequest(Wire.readLong(in, "subscriptionId"));
        Wire.expectEnd(in, "DeleteSubscriptionRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(subscriptionId);
    }
}
