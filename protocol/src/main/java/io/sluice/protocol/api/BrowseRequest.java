package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Reads messages of a queue that are available to its consumers, in order, without acquiring
 * them (QueueBrowser, and the console's message view). Paging: pass back the positions of the
 * previous response. Answered with {@link BrowseResponse}, or UNKNOWN_TOPIC, INVALID_SELECTOR.
 *
 * <pre>
 * topic        string
 * selector     string (nullable)
 * positions    array of (partition int32, offset int64), null = from the start
 * maxMessages  int32
 * </pre>
 */
public record BrowseRequest(String topic, String selector, List<Position> positions, int maxMessages)
        implements ApiMessage {

    public record Position(int partition, long offset) {}

    public static BrowseRequest read(ByteBuf in) {
        BrowseRequest r = new BrowseRequest(
                Wire.readRequiredString(in, "topic"),
                Wire.readString(in, "selector"),
                Wire.readArray(
                        in,
                        "positions",
                        12,
                        p -> new Position(Wire.readInt(p, "partition"), Wire.readLong(p, "offset"))),
                Wire.readInt(in, "maxMessages"));
        Wire.expectEnd(in, "BrowseRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, topic);
        Wire.writeString(out, selector);
        Wire.writeArray(out, positions, (b, p) -> b.writeInt(p.partition()).writeLong(p.offset()));
        out.writeInt(maxMessages);
    }
}
