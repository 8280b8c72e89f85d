package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * The outcome of a committed transaction: where its records went, per partition. Errors are
 * carried by the frame header for the whole transaction (it is applied entirely or not at all), so
 * there is no error per partition.
 *
 * <pre>
 * duplicate   boolean, the transaction had been committed before: this answers a resend
 * topics      array of
 *   topic       string
 *   partitions  array of
 *     partition   int32
 *     baseOffset  int64, offset of the first record (-1 when no longer known, duplicates only)
 *     lastOffset  int64, offset of the last record (-1 likewise)
 * </pre>
 */
public record CommitTransactionResponse(boolean duplicate, List<TopicResult> topics) implements ApiMessage {

    public record PartitionResult(int partition, long baseOffset, long lastOffset) {}

    public record TopicResult(String topic, List<PartitionResult> partitions) {}

    public static CommitTransactionResponse read(ByteBuf in) {
        boolean duplicate = Wire.readBoolean(in, "duplicate");
        List<TopicResult> topics = Wire.readRequiredArray(
                in,
                "topics",
                6,
                t -> new TopicResult(
                        Wire.readRequiredString(t, "topic"),
                        Wire.readRequiredArray(
                                t,
                                "partitions",
                                20,
                                p -> new PartitionResult(
                                        Wire.readInt(p, "partition"),
                                        Wire.readLong(p, "baseOffset"),
                                        Wire.readLong(p, "lastOffset")))));
        Wire.expectEnd(in, "CommitTransactionResponse");
        return new CommitTransactionResponse(duplicate, topics);
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeBoolean(out, duplicate);
        Wire.writeArray(out, topics, (b, t) -> {
            Wire.writeString(b, t.topic());
            Wire.writeArray(b, t.partitions(), (p, r) -> p.writeInt(r.partition())
                    .writeLong(r.baseOffset())
                    .writeLong(r.lastOffset()));
        });
    }

    @Override
    public int sizeHint() {
        int size = 8;
        for (TopicResult t : topics) {
            size += 8 + t.topic().length() * 3 + t.partitions().size() * 20;
        }
        return size;
    }
}
