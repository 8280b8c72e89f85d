package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * The subscriptions of a destination with their cursors' state and consumers.
 *
 * <pre>
 * subscriptions  array of
 *   subscriptionId          int64, unique on the broker while it runs (persisted ones for good)
 *   type                    int8, {@link SubscriptionType} code
 *   topic                   string
 *   clientId                string (nullable)
 *   name                    string (nullable)
 *   selector                string (nullable)
 *   noLocal                 boolean
 *   persistent              boolean, whether the cursor survives restarts
 *   backlog                 int64, records not acknowledged (available, delayed, in flight, being moved)
 *   inFlight                int32, records delivered and not settled yet
 *   oldestUnackedTimestamp  int64, record timestamp of the oldest unacknowledged record, -1 if none
 *   consumers               array of
 *     connectionId  int64
 *     consumerId    int32
 *     credit        int32
 *     selector      string (nullable)
 * </pre>
 */
public record ListSubscriptionsResponse(List<SubscriptionInfo> subscriptions) implements ApiMessage {

    public record ConsumerInfo(long connectionId, int consumerId, int credit, String selector) {}

    public record SubscriptionInfo(
            long subscriptionId,
            SubscriptionType type,
            String topic,
            String clientId,
            String name,
            String selector,
            boolean noLocal,
            boolean persistent,
            long backlog,
            int inFlight,
            long oldestUnackedTimestamp,
            List<ConsumerInfo> consumers) {}

    public static ListSubscriptionsResponse read(ByteBuf in) {
        List<SubscriptionInfo> list =
                Wire.readRequiredArray(in, "subscriptions", 43, ListSubscriptionsResponse::readSubscription);
        Wire.expectEnd(in, "ListSubscriptionsResponse");
        return new ListSubscriptionsResponse(list);
    }

    private static SubscriptionInfo readSubscription(ByteBuf b) {
        return new SubscriptionInfo(
                Wire.readLong(b, "subscriptionId"),
                SubscriptionType.forCode(Wire.readByte(b, "type")),
                Wire.readRequiredString(b, "topic"),
                Wire.readString(b, "clientId"),
                Wire.readString(b, "name"),
                Wire.readString(b, "selector"),
                Wire.readBoolean(b, "noLocal"),
                Wire.readBoolean(b, "persistent"),
                Wire.readLong(b, "backlog"),
                Wire.readInt(b, "inFlight"),
                Wire.readLong(b, "oldestUnackedTimestamp"),
                Wire.readRequiredArray(
                        b,
                        "consumers",
                        18,
                        c -> new ConsumerInfo(
                                Wire.readLong(c, "connectionId"),
                                Wire.readInt(c, "consumerId"),
                                Wire.readInt(c, "credit"),
                                Wire.readString(c, "selector"))));
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, subscriptions, (b, s) -> {
            b.writeLong(s.subscriptionId());
            b.writeByte(s.type().code());
            Wire.writeString(b, s.topic());
            Wire.writeString(b, s.clientId());
            Wire.writeString(b, s.name());
            Wire.writeString(b, s.selector());
            Wire.writeBoolean(b, s.noLocal());
            Wire.writeBoolean(b, s.persistent());
            b.writeLong(s.backlog()).writeInt(s.inFlight()).writeLong(s.oldestUnackedTimestamp());
            Wire.writeArray(b, s.consumers(), (c, k) -> {
                c.writeLong(k.connectionId()).writeInt(k.consumerId()).writeInt(k.credit());
                Wire.writeString(c, k.selector());
            });
        });
    }
}
