package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.InspectMessagesResponse;
import io.sluice.protocol.record.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of INSPECT_MESSAGES with its records copied out of the network buffer.
 *
 * <p>Immutable; thread-safe.
 *
 * @param positions pass to the next request to continue after this page
 * @param end true once every partition was read to its end
 */
public record InspectedPage(List<Message> messages, List<BrowseRequest.Position> positions, boolean end) {

    /**
     * One message and what the subscription (if any) is doing with it.
     *
     * @param deliveryCount deliveries so far (0 in the log view)
     * @param recordBytes the record in batch encoding (length prefix included)
     */
    public record Message(
            int partition,
            long offset,
            InspectMessagesResponse.State state,
            int deliveryCount,
            long batchBaseOffset,
            long batchFirstTimestamp,
            byte[] recordBytes) {

        /** A view of the record (e.g. for {@code MessageCodec.decode}); valid as long as this object. */
        public Record record() {
            return Record.readFrom(Unpooled.wrappedBuffer(recordBytes), batchBaseOffset, batchFirstTimestamp);
        }
    }

    static InspectedPage copyOf(ByteBuf body) {
        InspectMessagesResponse response = InspectMessagesResponse.read(body);
        List<Message> messages = new ArrayList<>(response.messages().size());
        for (InspectMessagesResponse.InspectedMessage m : response.messages()) {
            messages.add(new Message(
                    m.partition(),
                    m.offset(),
                    m.state(),
                    m.deliveryCount(),
                    m.batchBaseOffset(),
                    m.batchFirstTimestamp(),
                    ByteBufUtil.getBytes(m.record())));
        }
        return new InspectedPage(List.copyOf(messages), response.positions(), response.end());
    }
}
