package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Per partition, the idempotent producers whose batches it remembers (those that re-sends are
 * checked against), by topic, partition and producer id.
 *
 * <pre>
 * producers  array of
 *   topic             string
 *   partition         int32
 *   producerId        int64
 *   epoch             int16
 *   lastSequence      int32, sequence of the last record of its last batch
 *   lastOffset        int64, offset of that record
 *   lastAppendTimeMs  int64, broker time of that append
 *   name              string (nullable), the producer's name (named producers)
 *   connectionId      int64, the live connection that initialised it, -1 if none
 * </pre>
 */
public record ListProducersResponse(List<ProducerInfo> producers) implements ApiMessage {

    public record ProducerInfo(
            String topic,
            int partition,
            long producerId,
            short epoch,
            int lastSequence,
            long lastOffset,
            long lastAppendTimeMs,
            String name,
            long connectionId) {}

    public static ListProducersResponse read(ByteBuf in) {
        List<ProducerInfo> list = Wire.readRequiredArray(
                in,
                "producers",
                48,
                b -> new ProducerInfo(
                        Wire.readRequiredString(b, "topic"),
                        Wire.readInt(b, "partition"),
                        Wire.readLong(b, "producerId"),
                        Wire.readShort(b, "epoch"),
                        Wire.readInt(b, "lastSequence"),
                        Wire.readLong(b, "lastOffset"),
                        Wire.readLong(b, "lastAppendTimeMs"),
                        Wire.readString(b, "name"),
                        Wire.readLong(b, "connectionId")));
        Wire.expectEnd(in, "ListProducersResponse");
        return new ListProducersResponse(list);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, producers, (b, p) -> {
            Wire.writeString(b, p.topic());
            b.writeInt(p.partition()).writeLong(p.producerId()).writeShort(p.epoch());
            b.writeInt(p.lastSequence()).writeLong(p.lastOffset()).writeLong(p.lastAppendTimeMs());
            Wire.writeString(b, p.name());
            b.writeLong(p.connectionId());
        });
    }
}
