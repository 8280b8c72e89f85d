package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Asks for the statistics of every destination whose name starts with {@code prefix} (null or
 * empty: all). Answered with {@link DestinationStatsResponse}.
 *
 * <pre>
 * prefix  string (nullable)
 * </pre>
 */
public record DestinationStatsRequest(String prefix) implements ApiMessage {

    public static DestinationStatsRequest read(ByteBuf in) {
        DestinationStatsRequest r = new DestinationStatsRequest(Wire.readString(in, "prefix"));
        Wire.expectEnd(in, "DestinationStatsRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, prefix);
    }
}
