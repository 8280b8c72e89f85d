package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Acknowledges every message of a queue that no consumer holds (PURGE_QUEUE); answered with a
 * {@link CountResponse} of the messages removed. UNKNOWN_TOPIC, DESTINATION_TYPE_MISMATCH for a
 * topic.
 *
 * <pre>
 * topic  string
 * </pre>
 */
public record PurgeQueueRequest(String topic) implements ApiMessage {

    public static PurgeQueueRequest read(ByteBuf in) {
        PurgeQueueRequest r = new PurgeQueueRequest(Wire.readRequiredString(in, "topic"));
        Wire.expectEnd(in, "PurgeQueueRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, topic);
    }
}
