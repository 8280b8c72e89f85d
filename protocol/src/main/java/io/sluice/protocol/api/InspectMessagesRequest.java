package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Reads a page of a destination's stored messages, or of the messages a subscription has not
 * acknowledged, from an offset or a time, optionally filtered by a selector (INSPECT_MESSAGES).
 * Nothing is acquired or changed. Answered with {@link InspectMessagesResponse}; UNKNOWN_TOPIC,
 * UNKNOWN_SUBSCRIPTION, UNKNOWN_PARTITION, INVALID_SELECTOR, INVALID_REQUEST.
 *
 * <pre>
 * topic           string
 * subscriptionId  int64, -1 for the log itself (every stored record)
 * selector        string (nullable)
 * partition       int32, -1 for every partition
 * startOffset     int64, -1 for the start (the log start, or the cursor's start)
 * startTimestamp  int64, -1 unless starting at the first record with a timestamp at or after it
 * positions       array of (partition int32, offset int64) (nullable): where a previous page
 *                 ended; overrides startOffset and startTimestamp
 * maxMessages     int32, 1 to 1000
 * </pre>
 */
public record InspectMessagesRequest(
        String topic,
        long subscriptionId,
        String selector,
        int partition,
        long startOffset,
        long startTimestamp,
        List<BrowseRequest.Position> positions,
        int maxMessages)
        implements ApiMessage {

    public static InspectMessagesRequest read(ByteBuf in) {
        InspectMessagesRequest r = new InspectMessagesRequest(
                Wire.readRequiredString(in, "topic"),
                Wire.readLong(in, "subscriptionId"),
                Wire.readString(in, "selector"),
                Wire.readInt(in, "partition"),
                Wire.readLong(in, "startOffset"),
                Wire.readLong(in, "startTimestamp"),
                Wire.readArray(
                        in,
                        "positions",
                        12,
                        p -> new BrowseRequest.Position(Wire.readInt(p, "partition"), Wire.readLong(p, "offset"))),
                Wire.readInt(in, "maxMessages"));
        Wire.expectEnd(in, "InspectMessagesRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, topic);
        out.writeLong(subscriptionId);
        Wire.writeString(out, selector);
        out.writeInt(partition).writeLong(startOffset).writeLong(startTimestamp);
        Wire.writeArray(out, positions, (b, p) -> b.writeInt(p.partition()).writeLong(p.offset()));
        out.writeInt(maxMessages);
    }
}
