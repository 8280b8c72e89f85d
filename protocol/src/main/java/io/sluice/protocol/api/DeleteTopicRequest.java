package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Deletes a topic with all its data. Answered with an empty body or UNKNOWN_TOPIC.
 *
 * <pre>
 * name  string
 * </pre>
 */
public record DeleteTopicRequest(String name) implements ApiMessage {

    public static DeleteTopicRequest read(ByteBuf in) {
        DeleteTopicRequest r = new DeleteTopicRequest(Wire.readRequiredString(in, "name"));
        Wire.expectEnd(in, "DeleteTopicRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, name);
    }
}
