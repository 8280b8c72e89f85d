package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Asks for a topic's configuration and the state of its partitions. Answered with {@link
 * DescribeTopicResponse} or UNKNOWN_TOPIC.
 *
 * <pre>
 * name  string
 * </pre>
 */
public record DescribeTopicRequest(String name) implements ApiMessage {

    public static DescribeTopicRequest read(ByteBuf in) {
        DescribeTopicRequest r = new DescribeTopicRequest(Wire.readRequiredString(in, "name"));
        Wire.expectEnd(in, "DescribeTopicRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, name);
    }
}
