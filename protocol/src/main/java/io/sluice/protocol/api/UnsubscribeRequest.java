package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Deletes a durable subscription of the connection's client id (or of no client id, for shared
 * durable subscriptions created without one). Answered with an empty body, or UNKNOWN_SUBSCRIPTION,
 * or SUBSCRIPTION_IN_USE while a consumer is attached or deliveries are unsettled.
 *
 * <pre>
 * subscriptionName  string
 * </pre>
 */
public record UnsubscribeRequest(String subscriptionName) implements ApiMessage {

    public static UnsubscribeRequest read(ByteBuf in) {
        UnsubscribeRequest r = new UnsubscribeRequest(Wire.readRequiredString(in, "subscriptionName"));
        Wire.expectEnd(in, "UnsubscribeRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, subscriptionName);
    }
}
