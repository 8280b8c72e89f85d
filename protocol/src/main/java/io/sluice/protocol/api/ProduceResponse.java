package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import io.sluice.protocol.error.ErrorCode;
import java.util.List;

/**
 * The outcome per partition of a {@link ProduceRequest}. For a batch the broker recognised as a
 * duplicate of one it already has (same producer, epoch and sequence), the offsets are those the
 * original was given.
 *
 * <pre>
 * topics  array of
 *   topic       string
 *   partitions  array of
 *     partition        int32
 *     errorCode        int16
 *     errorMessage     string (nullable)
 *     baseOffset       int64, offset of the first record (-1 on error)
 *     lastOffset       int64, offset of the last record (-1 on error)
 *     logAppendTimeMs  int64, broker time of the append
 *     logStartOffset   int64
 * </pre>
 */
public record ProduceResponse(List<TopicResult> topics) implements ApiMessage {

    public record PartitionResult(
            int partition,
            ErrorCode error,
            String errorMessage,
            long baseOffset,
            long lastOffset,
            long logAppendTimeMs,
            long logStartOffset) {

        public static PartitionResult failed(int partition, ErrorCode error, String message) {
            return new PartitionResult(partition, error, message, -1L, -1L, -1L, -1L);
        }
    }

    public record TopicResult(String topic, List<PartitionResult> partitions) {}

    public static ProduceResponse read(ByteBuf in) {
        List<TopicResult> topics = Wire.readRequiredArray(
                in,
                "topics",
                6,
                t -> new TopicResult(
                        Wire.readRequiredString(t, "topic"),
                        Wire.readRequiredArray(
                                t,
                                "partitions",
                                40,
                                p -> new PartitionResult(
                                        Wire.readInt(p, "partition"),
                                        ErrorCode.forCode(Wire.readShort(p, "errorCode")),
                                        Wire.readString(p, "errorMessage"),
                                        Wire.readLong(p, "baseOffset"),
                                        Wire.readLong(p, "lastOffset"),
                                        Wire.readLong(p, "logAppendTimeMs"),
                                        Wire.readLong(p, "logStartOffset")))));
        Wire.expectEnd(in, "ProduceResponse");
        return new ProduceResponse(topics);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeArray(out, topics, (b, t) -> {
            Wire.writeString(b, t.topic());
            Wire.writeArray(b, t.partitions(), (p, r) -> {
                p.writeInt(r.partition()).writeShort(r.error().code());
                Wire.writeString(p, r.errorMessage());
                p.writeLong(r.baseOffset())
                        .writeLong(r.lastOffset())
                        .writeLong(r.logAppendTimeMs())
                        .writeLong(r.logStartOffset());
            });
        });
    }
}
