package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Per destination, in name order: its size, what is waiting and what went in and out.
 *
 * <pre>
 * destinations  array of
 *   name           string
 *   type           string ("queue" or "topic")
 *   partitions     int32
 *   storedMessages int64, records in the logs (high watermark minus log start, summed)
 *   pendingMessages int64, queues: records not acknowledged by the queue's cursor; topics: -1
 *   sizeBytes      int64, bytes of the logs
 *   messagesIn     int64, records appended since the broker started
 *   messagesOut    int64, records delivered or fetched since the broker started
 *   subscriptions  int32
 *   consumers      int32
 * </pre>
 */
public record DestinationStatsResponse(List<DestinationStats> destinations) implements ApiMessage {

    public record DestinationStats(
            String name,
            String type,
            int partitions,
            long storedMessages,
            long pendingMessages,
            long sizeBytes,
            long messagesIn,
            long messagesOut,
            int subscriptions,
            int consumers) {}

    public static DestinationStatsResponse read(ByteBuf in) {
        List<DestinationStats> list = Wire.readRequiredArray(
                in,
                "destinations",
                56,
                b -> new DestinationStats(
                        Wire.readRequiredString(b, "name"),
                        Wire.readRequiredString(b, "type"),
                        Wire.readInt(b, "partitions"),
                        Wire.readLong(b, "storedMessages"),
                        Wire.readLong(b, "pendingMessages"),
                        Wire.readLong(b, "sizeBytes"),
                        Wire.readLong(b, "messagesIn"),
                        Wire.readLong(b, "messagesOut"),
                        Wire.readInt(b, "subscriptions"),
                        Wire.readInt(b, "consumers")));
        Wire.expectEnd(in, "DestinationStatsResponse");
        return new DestinationStatsResponse(list);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, destinations, (b, d) -> {
            Wire.writeString(b, d.name());
            Wire.writeString(b, d.type());
            b.writeInt(d.partitions());
            b.writeLong(d.storedMessages()).writeLong(d.pendingMessages()).writeLong(d.sizeBytes());
            b.writeLong(d.messagesIn()).writeLong(d.messagesOut());
            b.writeInt(d.subscriptions()).writeInt(d.consumers());
        });
    }

    @Override
    public int sizeHint() {
        return 16 + destinations.size() * 96;
    }
}
