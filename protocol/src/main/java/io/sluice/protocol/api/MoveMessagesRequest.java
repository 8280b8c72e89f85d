package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.MalformedFrameException;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Copies messages to another destination, unchanged (MOVE_MESSAGES). With {@code copy} false
 * they are moved: copied, then acknowledged in the queue's cursor or the subscription named, with
 * the crash safety of dead-lettering (an intent in the cursor log, an idempotent copy). Moving
 * needs a cursor: a queue, or a topic with a subscription; copying also works on a topic's log
 * ({@code subscriptionId} -1). Messages a consumer holds are skipped. Answered with {@link
 * MessageActionResponse}; UNKNOWN_TOPIC (also for the target), INVALID_REQUEST.
 *
 * <pre>
 * topic           string
 * subscriptionId  int64, -1: the queue's cursor, or a topic's log
 * target          string, an existing destination
 * copy            boolean
 * messages        array of (partition int32, offset int64), at most 1000
 * </pre>
 */
public record MoveMessagesRequest(
        String topic, long subscriptionId, String target, boolean copy, List<MessageRef> messages)
        implements ApiMessage {

    public static MoveMessagesRequest read(ByteBuf in) {
        String topic = Wire.readRequiredString(in, "topic");
        long subscriptionId = Wire.readLong(in, "subscriptionId");
        String target = Wire.readRequiredString(in, "target");
        boolean copy = Wire.readBoolean(in, "copy");
        List<MessageRef> messages = MessageRef.readArray(in, "messages");
        if (messages == null) {
            throw new MalformedFrameException("messages must not be null");
        }
        Wire.expectEnd(in, "MoveMessagesRequest");
        return new MoveMessagesRequest(topic, subscriptionId, target, copy, messages);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, topic);
        out.writeLong(subscriptionId);
        Wire.writeString(out, target);
        Wire.writeBoolean(out, copy);
        MessageRef.writeArray(out, messages);
    }
}
