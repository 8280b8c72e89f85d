package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Moves dead-lettered messages of a queue back to the destination named by their {@code
 * JMS_Sluice_OriginalDestination} property (REDRIVE_MESSAGES), without the dead-letter properties
 * and with a fresh delivery count, crash-safe like any move. {@code messages} null redrives the
 * queue's available messages from the start, at most {@code maxMessages} (1 to 1000) per request;
 * the response's {@code more} says whether any remain. Messages without a usable original
 * destination, or whose destination no longer exists, are skipped. Answered with {@link
 * MessageActionResponse}; UNKNOWN_TOPIC, DESTINATION_TYPE_MISMATCH for a topic.
 *
 * <pre>
 * topic        string, the dead-letter queue
 * messages     array of (partition int32, offset int64) (nullable: all)
 * maxMessages  int32
 * </pre>
 */
public record RedriveMessagesRequest(String topic, List<MessageRef> messages, int maxMessages) implements ApiMessage {

    public static RedriveMessagesRequest read(ByteBuf in) {
        RedriveMessagesRequest r = new RedriveMessagesRequest(
                Wire.readRequiredString(in, "topic"),
                MessageRef.readArray(in, "messages"),
                Wire.readInt(in, "maxMessages"));
        Wire.expectEnd(in, "RedriveMessagesRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, topic);
        MessageRef.writeArray(out, messages);
        out.writeInt(maxMessages);
    }
}
