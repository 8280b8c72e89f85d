package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Deletes messages by acknowledging them (DELETE_MESSAGES): in the queue's cursor for a queue; for
 * a topic, in the subscription named, or with {@code subscriptionId} -1 in every subscription of
 * the topic. The records stay in the log until retention (or, for a queue, prefix reclaiming)
 * removes them. Messages a consumer holds are skipped. Answered with {@link
 * MessageActionResponse}; at most 1000 messages per request.
 *
 * <pre>
 * topic           string
 * subscriptionId  int64, -1: the queue's cursor, or every subscription of a topic
 * messages        array of (partition int32, offset int64)
 * </pre>
 */
public record DeleteMessagesRequest(String topic, long subscriptionId, List<MessageRef> messages)
        implements ApiMessage {

    public static DeleteMessagesRequest read(ByteBuf in) {
        String topic = Wire.readRequiredString(in, "topic");
        long subscriptionId = Wire.readLong(in, "subscriptionId");
        List<MessageRef> messages = MessageRef.readArray(in, "messages");
        if (messages == null) {
            throw new io.sluice.protocol.codec.MalformedFrameException("messages must not be null");
        }
        Wire.expectEnd(in, "DeleteMessagesRequest");
        return new DeleteMessagesRequest(topic, subscriptionId, messages);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, topic);
        out.writeLong(subscriptionId);
        MessageRef.writeArray(out, messages);
    }
}
