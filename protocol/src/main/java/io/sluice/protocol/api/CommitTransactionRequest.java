package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.MalformedFrameException;
import io.sluice.protocol.codec.Wire;
import java.util.List;

/**
 * Commits a local transaction in one request: the record batches it sends and the deliveries it
 * acknowledges take effect together, or none of them does, also across a broker crash. The client
 * buffers a transaction's sends and acknowledgements until commit, so nothing of an open
 * transaction is visible to anyone; rolling back needs no request of its own beyond releasing the
 * consumed deliveries (ACK RELEASE).
 *
 * <p>Every batch is a batch of the transaction's idempotent producer ({@code producerId}, {@code
 * producerEpoch}), with sequence numbers continuing that producer's sequence on the partition, so
 * that the broker can apply the transaction again after a crash without duplicates. A client whose
 * commit outcome is unknown (lost connection, time-out) sends the identical request again, with
 * the same {@code transactionNumber}; the broker answers from its transaction journal.
 *
 * <pre>
 * producerId         int64, the transaction's producer (INIT_PRODUCER_ID)
 * producerEpoch      int16
 * transactionNumber  int64, &gt;= 0, increasing per producer id and epoch; a resend repeats it
 * timeoutMs          int32, &gt; 0, how long the broker may take before REQUEST_TIMED_OUT
 * topics             array of
 *   topic              string
 *   partitions         array of
 *     partition          int32
 *     records            bytes, one or more record batches of the producer
 * acks               array of (the deliveries this transaction consumed; ACCEPT on commit)
 *   firstDeliveryId    int64
 *   lastDeliveryId     int64 (&gt;= first)
 * </pre>
 *
 * <p>When read, each {@code records} is a slice of the frame's body: valid while the frame is.
 */
public record CommitTransactionRequest(
        long producerId,
        short producerEpoch,
        long transactionNumber,
        int timeoutMs,
        List<ProduceRequest.TopicData> topics,
        List<AckRequest.Range> acks)
        implements ApiMessage {

    public static CommitTransactionRequest read(ByteBuf in) {
        long producerId = Wire.readLong(in, "producerId");
        short producerEpoch = Wire.readShort(in, "producerEpoch");
        long transactionNumber = Wire.readLong(in, "transactionNumber");
        int timeoutMs = Wire.readInt(in, "timeoutMs");
        List<ProduceRequest.TopicData> topics = Wire.readRequiredArray(
                in,
                "topics",
                6,
                t -> new ProduceRequest.TopicData(
                        Wire.readRequiredString(t, "topic"),
                        Wire.readRequiredArray(
                                t,
                                "partitions",
                                8,
                                p -> new ProduceRequest.PartitionData(
                                        Wire.readInt(p, "partition"),
                                        requireRecords(Wire.readBytesSlice(p, "records"))))));
        List<AckRequest.Range> acks = Wire.readRequiredArray(in, "acks", 16, r -> {
            long first = Wire.readLong(r, "firstDeliveryId");
            long last = Wire.readLong(r, "lastDeliveryId");
            if (last < first) {
                throw new MalformedFrameException("delivery id range [" + first + ", " + last + "] is reversed");
            }
            return new AckRequest.Range(first, last);
        });
        Wire.expectEnd(in, "CommitTransactionRequest");
        return new CommitTransactionRequest(producerId, producerEpoch, transactionNumber, timeoutMs, topics, acks);
    }

    private static ByteBuf requireRecords(ByteBuf records) {
        if (records == null) {
            throw new MalformedFrameException("records must not be null");
        }
        return records;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(producerId)
                .writeShort(producerEpoch)
                .writeLong(transactionNumber)
                .writeInt(timeoutMs);
        Wire.writeArray(out, topics, (b, t) -> {
            Wire.writeString(b, t.topic());
            Wire.writeArray(b, t.partitions(), (p, d) -> {
                p.writeInt(d.partition());
                Wire.writeBytes(p, d.records());
            });
        });
        Wire.writeArray(out, acks, (b, r) -> b.writeLong(r.firstDeliveryId()).writeLong(r.lastDeliveryId()));
    }

    @Override
    public int sizeHint() {
        int size = 40 + acks.size() * 16;
        for (ProduceRequest.TopicData t : topics) {
            size += 8 + t.topic().length() * 3;
            for (ProduceRequest.PartitionData p : t.partitions()) {
                size += 8 + p.records().readableBytes();
            }
        }
        return size;
    }
}
