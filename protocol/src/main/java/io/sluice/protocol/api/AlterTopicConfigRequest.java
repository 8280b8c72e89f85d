package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;
import java.util.Map;

/**
 * Changes a topic's configuration. Answered with an empty body, UNKNOWN_TOPIC or INVALID_CONFIG;
 * either every change applies or none does.
 *
 * <pre>
 * name    string
 * set     map, keys to set
 * reset   array of string, keys to return to the broker default
 * </pre>
 */
public record AlterTopicConfigRequest(String name, Map<String, String> set, List<String> reset) implements ApiMessage {

    public static AlterTopicConfigRequest read(ByteBuf in) {
        AlterTopicConfigRequest r = new AlterTopicConfigRequest(
                Wire.readRequiredString(in, "name"),
                Wire.readMap(in, "set"),
                Wire.readArray(in, "reset", 2, b -> Wire.readRequiredString(b, "key")));
        Wire.expectEnd(in, "AlterTopicConfigRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, name);
        Wire.writeMap(out, set);
        Wire.writeArray(out, reset, Wire::writeString);
    }
}
