package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Asks for the subscriptions of one destination (a queue has at most one, its cursor). Answered
 * with {@link ListSubscriptionsResponse}, or UNKNOWN_TOPIC.
 *
 * <pre>
 * topic  string
 * </pre>
 */
public record ListSubscriptionsRequest(String topic) implements ApiMessage {

    public static ListSubscriptionsRequest read(ByteBuf in) {
        ListSubscriptionsRequest r = new ListSubscriptionsRequest(Wire.readRequiredString(in, "topic"));
        Wire.expectEnd(in, "ListSubscriptionsRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, topic);
    }
}
