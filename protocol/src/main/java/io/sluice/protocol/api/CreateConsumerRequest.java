package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import io.sluice.protocol.message.DestinationKind;

/**
 * Attaches a consumer to a subscription of a destination and grants it initial credit. The broker
 * then pushes {@link DeliverPush} frames to it while it has credit. Answered with an empty body, or
 * UNKNOWN_TOPIC, INVALID_SELECTOR, SUBSCRIPTION_IN_USE (an unshared durable subscription already
 * has a consumer), INVALID_CLIENT_ID (durable subscription without client id where one is
 * required), TEMPORARY_DESTINATION_NOT_OWNED, DESTINATION_TYPE_MISMATCH, ILLEGAL_STATE (consumer id
 * in use).
 *
 * <pre>
 * consumerId        int32, chosen by the client, unique on its connection
 * topic             string, the destination name
 * kind              int8, DestinationKind
 * subscriptionType  int8, SubscriptionType (QUEUE for queues)
 * subscriptionName  string, required for DURABLE, SHARED and SHARED_DURABLE, else null
 * selector          string (nullable)
 * noLocal           boolean, skip messages produced on this connection
 * credit            int32, messages the broker may push before more credit arrives
 * autoCreate        boolean, create the destination if it does not exist (when the broker allows)
 * </pre>
 */
public record CreateConsumerRequest(
        int consumerId,
        String topic,
        DestinationKind kind,
        SubscriptionType subscriptionType,
        String subscriptionName,
        String selector,
        boolean noLocal,
        int credit,
        boolean autoCreate)
        implements ApiMessage {

    public static CreateConsumerRequest read(ByteBuf in) {
        CreateConsumerRequest r = new CreateConsumerRequest(
                Wire.readInt(in, "consumerId"),
                Wire.readRequiredString(in, "topic"),
                Codes.destinationKind(Wire.readByte(in, "kind")),
                SubscriptionType.forCode(Wire.readByte(in, "subscriptionType")),
                Wire.readString(in, "subscriptionName"),
                Wire.readString(in, "selector"),
                Wire.readBoolean(in, "noLocal"),
                Wire.readInt(in, "credit"),
                Wire.readBoolean(in, "autoCreate"));
        Wire.expectEnd(in, "CreateConsumerRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(consumerId);
        Wire.writeString(out, topic);
        out.writeByte(kind.code()).writeByte(subscriptionType.code());
        Wire.writeString(out, subscriptionName);
        Wire.writeString(out, selector);
        Wire.writeBoolean(out, noLocal);
        out.writeInt(credit);
        Wire.writeBoolean(out, autoCreate);
    }
}
