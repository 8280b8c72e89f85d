package io.sluice.broker.txn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.sluice.protocol.record.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entries of the transaction journal: each is the value of one record of the journal's log.
 * Big-endian, fixed-width fields; every count and length is checked against the bytes left before
 * anything is allocated.
 *
 * <pre>
 * field              type     notes
 * version            int8     1
 * type               int8     1 COMMIT, 2 DONE, 3 OUTCOMES
 * -- COMMIT: the redo record of one decided transaction --
 * producerId         int64
 * producerEpoch      int16
 * transactionNumber  int64
 * committedAtMs      int64
 * writeCount         int32
 * writeCount x
 *   topic            int16 length + UTF-8
 *   partition        int32
 *   records          int32 length + record batches, as the client sent them
 * ackCount           int32    (subscription partitions)
 * ackCount x
 *   subscriptionId   int64
 *   partition        int32
 *   rangeCount       int32
 *   rangeCount x     firstOffset int64, lastOffset int64 (ascending, inclusive)
 * -- DONE: transactions whose effects are durable --
 * count              int32
 * count x            commitOffset int64, the journal offset of a COMMIT entry
 * -- OUTCOMES: the table of latest committed transactions, written before old segments go --
 * count              int32
 * count x            producerId int64, producerEpoch int16, transactionNumber int64,
 *                    committedAtMs int64
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class JournalEntries {
    static final byte VERSION = 1;
    static final byte COMMIT = 1;
    static final byte DONE = 2;
    static final byte OUTCOMES = 3;
    /** Offsets one COMMIT may acknowledge when decoded (far above any configurable limit). */
    private static final long MAX_DECODED_ACKS = 2_000_000;

    /** Receives decoded entries. */
    interface Handler {
        void commit(CommitRecord commit);

        void done(long[] commitOffsets);

        void outcomes(List<TransactionOutcomes.Outcome> outcomes);
    }

    private JournalEntries() {}

    /** The encoded size of a COMMIT entry, without encoding it. */
    static long commitSize(CommitRecord c) {
        long size = 2 + 8 + 2 + 8 + 8 + 4 + 4;
        for (CommitRecord.Write w : c.writes()) {
            size += 2 + ByteBufUtil.utf8Bytes(w.topic()) + 4 + 4 + w.records().readableBytes();
        }
        for (CommitRecord.Acks a : c.acks()) {
            size += 8 + 4 + 4 + 16L * ranges(a.offsets()).size();
        }
        return size;
    }

    static ByteBuf encodeCommit(CommitRecord c, ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer((int) Math.min(Integer.MAX_VALUE, commitSize(c)));
        try {
            out.writeByte(VERSION).writeByte(COMMIT);
            out.writeLong(c.producerId())
                    .writeShort(c.producerEpoch())
                    .writeLong(c.transactionNumber())
                    .writeLong(c.committedAtMs());
            out.writeInt(c.writes().size());
            for (CommitRecord.Write w : c.writes()) {
                byte[] topic = w.topic().getBytes(StandardCharsets.UTF_8);
                out.writeShort(topic.length).writeBytes(topic).writeInt(w.partition());
                out.writeInt(w.records().readableBytes())
                        .writeBytes(
                                w.records(),
                                w.records().readerIndex(),
                                w.records().readableBytes());
            }
            out.writeInt(c.acks().size());
            for (CommitRecord.Acks a : c.acks()) {
                List<long[]> ranges = ranges(a.offsets());
                out.writeLong(a.subscriptionId()).writeInt(a.partition()).writeInt(ranges.size());
                for (long[] r : ranges) {
                    out.writeLong(r[0]).writeLong(r[1]);
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    static ByteBuf encodeDone(long[] commitOffsets, ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer(6 + 8 * commitOffsets.length);
        out.writeByte(VERSION).writeByte(DONE).writeInt(commitOffsets.length);
        for (long o : commitOffsets) {
            out.writeLong(o);
        }
        return out;
    }

    static ByteBuf encodeOutcomes(List<TransactionOutcomes.Outcome> outcomes, ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer(6 + 26 * outcomes.size());
        out.writeByte(VERSION).writeByte(OUTCOMES).writeInt(outcomes.size());
        for (TransactionOutcomes.Outcome o : outcomes) {
            out.writeLong(o.producerId())
                    .writeShort(o.producerEpoch())
                    .writeLong(o.transactionNumber())
                    .writeLong(o.committedAtMs());
        }
        return out;
    }

    /** Sorted offsets as inclusive ranges of consecutive offsets. */
    private static List<long[]> ranges(long[] sortedOffsets) {
        List<long[]> out = new ArrayList<>();
        for (long o : sortedOffsets) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last[1] + 1 == o) {
                last[1] = o;
            } else if (last == null || o > last[1]) {
                out.add(new long[] {o, o});
            }
        }
        return out;
    }

    /**
     * Decodes one entry and hands it to {@code handler}. The records of a decoded COMMIT are slices
     * of {@code value}.
     *
     * @throws InvalidRecordException if the entry is malformed
     */
    static void decode(ByteBuf value, Handler handler) {
        ByteBuf in = value.duplicate();
        need(in, 2, "header");
        byte version = in.readByte();
        if (version != VERSION) {
            throw new InvalidRecordException("unknown transaction journal entry version " + version);
        }
        byte type = in.readByte();
        switch (type) {
            case COMMIT -> handler.commit(readCommit(in));
            case DONE -> handler.done(readDone(in));
            case OUTCOMES -> handler.outcomes(readOutcomes(in));
            default -> throw new InvalidRecordException("unknown transaction journal entry type " + type);
        }
        if (in.isReadable()) {
            throw new InvalidRecordException(
                    "transaction journal entry of type " + type + " has " + in.readableBytes() + " trailing bytes");
        }
    }

    private static CommitRecord readCommit(ByteBuf in) {
        need(in, 26, "commit header");
        long producerId = in.readLong();
        short epoch = in.readShort();
        long number = in.readLong();
        long committedAtMs = in.readLong();
        int writeCount = count(in, 10, "writes");
        List<CommitRecord.Write> writes = new ArrayList<>(writeCount);
        for (int i = 0; i < writeCount; i++) {
            need(in, 2, "topic length");
            int length = in.readShort();
            if (length < 1) {
                throw new InvalidRecordException("transaction journal topic of " + length + " bytes");
            }
            need(in, length + 8, "topic");
            String topic = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
            in.skipBytes(length);
            int partition = in.readInt();
            int bytes = in.readInt();
            if (partition < 0 || bytes < 1) {
                throw new InvalidRecordException(
                        "transaction journal write to partition " + partition + " of " + bytes + " bytes");
            }
            need(in, bytes, "records");
            writes.add(new CommitRecord.Write(topic, partition, in.readSlice(bytes)));
        }
        int ackCount = count(in, 16, "acks");
        List<CommitRecord.Acks> acks = new ArrayList<>(ackCount);
        long decoded = 0;
        for (int i = 0; i < ackCount; i++) {
            need(in, 16, "ack");
            long subscriptionId = in.readLong();
            int partition = in.readInt();
            int rangeCount = count(in, 16, "ack ranges");
            long[][] ranges = new long[rangeCount][];
            long total = 0;
            for (int r = 0; r < rangeCount; r++) {
                long first = in.readLong();
                long last = in.readLong();
                if (first < 0 || last < first) {
                    throw new InvalidRecordException("transaction journal ack range [" + first + ", " + last + "]");
                }
                total += last - first + 1;
                decoded += last - first + 1;
                if (decoded > MAX_DECODED_ACKS) {
                    throw new InvalidRecordException(
                            "transaction journal entry acknowledges over " + MAX_DECODED_ACKS + " offsets");
                }
                ranges[r] = new long[] {first, last};
            }
            long[] offsets = new long[(int) total];
            int n = 0;
            for (long[] r : ranges) {
                for (long o = r[0]; o <= r[1]; o++) {
                    offsets[n++] = o;
                }
            }
            Arrays.sort(offsets);
            acks.add(new CommitRecord.Acks(subscriptionId, partition, offsets));
        }
        return new CommitRecord(producerId, epoch, number, committedAtMs, writes, acks);
    }

    private static long[] readDone(ByteBuf in) {
        int count = count(in, 8, "done offsets");
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = in.readLong();
        }
        return offsets;
    }

    private static List<TransactionOutcomes.Outcome> readOutcomes(ByteBuf in) {
        int count = count(in, 26, "outcomes");
        List<TransactionOutcomes.Outcome> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new TransactionOutcomes.Outcome(in.readLong(), in.readShort(), in.readLong(), in.readLong()));
        }
        return out;
    }

    /** Reads a count whose elements take at least {@code minBytes} each and checks it fits. */
    private static int count(ByteBuf in, int minBytes, String what) {
        need(in, 4, what + " count");
        int count = in.readInt();
        if (count < 0 || (long) count * minBytes > in.readableBytes()) {
            throw new InvalidRecordException(
                    "transaction journal entry claims " + count + " " + what + " in " + in.readableBytes() + " bytes");
        }
        return count;
    }

    private static void need(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw new InvalidRecordException("transaction journal entry truncated in its " + what);
        }
    }
}
