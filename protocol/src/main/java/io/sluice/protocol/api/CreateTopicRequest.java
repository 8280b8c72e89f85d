package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.Map;

/**
 * Creates a topic (the log behind a queue or a JMS topic). Answered with an empty body, or with
 * TOPIC_ALREADY_EXISTS, INVALID_TOPIC_NAME or INVALID_CONFIG.
 *
 * <pre>
 * name        string
 * partitions  int32 (>= 1)
 * configs     map (string to string; keys in docs/configuration.md, e.g. "type", "retention.ms")
 * </pre>
 */
public record CreateTopicRequest(String name, int partitions, Map<String, String> configs) implements ApiMessage {

    public static CreateTopicRequest read(ByteBuf in) {
        CreateTopicRequest r = new CreateTopicRequest(
                Wire.readRequiredString(in, "name"), Wire.readInt(in, "partitions"), Wire.readMap(in, "configs"));
        Wire.expectEnd(in, "CreateTopicRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, name);
        out.writeInt(partitions);
        Wire.writeMap(out, configs);
    }
}
