package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import io.sluice.protocol.error.ErrorCode;
import java.util.List;

/**
 * Record batches per partition, exactly as stored.
 *
 * <pre>
 * topics  array of
 *   topic       string
 *   partitions  array of
 *     partition       int32
 *     errorCode       int16 (OFFSET_OUT_OF_RANGE, UNKNOWN_PARTITION, ...)
 *     errorMessage    string (nullable)
 *     highWatermark   int64
 *     logStartOffset  int64
 *     records         bytes, whole record batches (empty when nothing is available)
 * </pre>
 *
 * <p>When read, each {@code records} is a slice of the frame's body: valid while the frame is.
 */
public record FetchResponse(List<TopicData> topics) implements ApiMessage {

    public record PartitionData(
            int partition,
            ErrorCode error,
            String errorMessage,
            long highWatermark,
            long logStartOffset,
            ByteBuf records) {}

    public record TopicData(String topic, List<PartitionData> partitions) {}

    public static FetchResponse read(ByteBuf in) {
        List<TopicData> topics = Wire.readRequiredArray(
                in,
                "topics",
                6,
                t -> new TopicData(
                        Wire.readRequiredString(t, "topic"),
                        Wire.readRequiredArray(
                                t,
                                "partitions",
                                28,
                                p -> new PartitionData(
                                        Wire.readInt(p, "partition"),
                                        ErrorCode.forCode(Wire.readShort(p, "errorCode")),
                                        Wire.readString(p, "errorMessage"),
                                        Wire.readLong(p, "highWatermark"),
                                        Wire.readLong(p, "logStartOffset"),
                                        Wire.readBytesSlice(p, "records")))));
        Wire.expectEnd(in, "FetchResponse");
        return new FetchResponse(topics);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, topics, (b, t) -> {
            Wire.writeString(b, t.topic());
            Wire.writeArray(b, t.partitions(), (p, d) -> {
                p.writeInt(d.partition()).writeShort(d.error().code());
                Wire.writeString(p, d.errorMessage());
                p.writeLong(d.highWatermark()).writeLong(d.logStartOffset());
                Wire.writeBytes(p, d.records());
            });
        });
    }

    @Override
    public int sizeHint() {
        int size = 16;
        for (TopicData t : topics) {
            size += 8 + t.topic().length() * 3;
            for (PartitionData p : t.partitions()) {
                size += 40 + (p.records() == null ? 0 : p.records().readableBytes());
            }
        }
        return size;
    }
}
