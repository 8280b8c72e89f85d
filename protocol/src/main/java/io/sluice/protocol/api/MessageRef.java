package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Names one stored message: its partition and offset. Encoded as {@code partition int32, offset
 * int64} inside the message operations (DELETE_MESSAGES, MOVE_MESSAGES, REDRIVE_MESSAGES).
 */
public record MessageRef(int partition, long offset) {
    static final int BYTES = 12;

    static List<MessageRef> readArray(ByteBuf in, String field) {
        return Wire.readArray(
                in, field, BYTES, b -> new MessageRef(Wire.readInt(b, "partition"), Wire.readLong(b, "offset")));
    }

    static void writeArray(ByteBuf out, List<MessageRef> refs) {
        Wire.writeArray(out, refs, (b, r) -> b.writeInt(r.partition()).writeLong(r.offset()));
    }
}
