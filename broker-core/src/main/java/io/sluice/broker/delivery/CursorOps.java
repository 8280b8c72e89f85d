package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Varint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The cursor changes of one subscription, gathered during a round of work and written to the
 * cursor log as the value of one record. A run of consecutive offsets with the same operation on
 * the same partition is merged into one op as it is added, so an in-order stream of
 * acknowledgements costs one op per round, not one per message.
 *
 * <pre>
 * version         int8      1
 * subscriptionId  varlong
 * opCount         varint
 * ops             opCount x, by tag:
 *   1 ACK          partition varint, firstOffset varlong, offsetCount varlong
 *   2 DELIVERED    partition varint, firstOffset varlong, offsetCount varlong   (first delivery: count 1)
 *   3 COUNT        partition varint, offset varlong, deliveryCount varint
 *   4 MOVE_BEGIN   moveId varlong, target vstring, targetPartition varint, producerId varlong,
 *                  producerEpoch varint, baseSequence varint, entryCount varint,
 *                  entryCount x (partition varint, offset varlong, reason int8)
 *   5 MOVE_END     moveId varlong
 * </pre>
 *
 * <p>Not thread-safe; confined to its subscription's executor.
 */
final class CursorOps {
    static final byte VERSION = 1;
    static final byte ACK = 1;
    static final byte DELIVERED = 2;
    static final byte COUNT = 3;
    static final byte MOVE_BEGIN = 4;
    static final byte MOVE_END = 5;

    /** Receives decoded ops. */
    interface Handler {
        void ack(int partition, long first, long last);

        void delivered(int partition, long first, long last);

        void count(int partition, long offset, int count);

        void moveBegin(MoveIntent intent);

        void moveEnd(long moveId);
    }

    /** A pending op run; only ACK and DELIVERED runs grow. */
    private static final class Op {
        final byte tag;
        final int partition;
        final long first;
        long last;
        final int count;
        final MoveIntent intent;

        Op(byte tag, int partition, long first, long last, int count, MoveIntent intent) {
            this.tag = tag;
            this.partition = partition;
            this.first = first;
            this.last = last;
            this.count = count;
            this.intent = intent;
        }
    }

    private final long subscriptionId;
    private final List<Op> ops = new ArrayList<>();

    CursorOps(long subscriptionId) {
        this.subscriptionId = subscriptionId;
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    int size() {
        return ops.size();
    }

    void ack(int partition, long offset) {
        ackRange(partition, offset, offset);
    }

    void ackRange(int partition, long first, long last) {
        extend(ACK, partition, first, last);
    }

    void delivered(int partition, long offset) {
        extend(DELIVERED, partition, offset, offset);
    }

    void count(int partition, long offset, int count) {
        ops.add(new Op(COUNT, partition, offset, offset, count, null));
    }

    void moveBegin(MoveIntent intent) {
        ops.add(new Op(MOVE_BEGIN, -1, 0, 0, 0, intent));
    }

    void moveEnd(long moveId) {
        ops.add(new Op(MOVE_END, -1, moveId, moveId, 0, null));
    }

    /**
     * Extends the last op if it is a run of the same kind ending just before {@code first};
     * otherwise adds an op. Only the last op is extended, so the order of ops on an offset never
     * changes (an acknowledgement is never moved before the delivery it follows).
     */
    private void extend(byte tag, int partition, long first, long last) {
        Op previous = ops.isEmpty() ? null : ops.get(ops.size() - 1);
        if (previous != null && previous.tag == tag && previous.partition == partition && previous.last + 1 == first) {
            previous.last = last;
        } else {
            ops.add(new Op(tag, partition, first, last, 0, null));
        }
    }

    /** Writes the ops as one cursor-log record value and forgets them. */
    void writeTo(ByteBuf out) {
        out.writeByte(VERSION);
        Varint.writeLong(subscriptionId, out);
        Varint.writeInt(ops.size(), out);
        for (Op op : ops) {
            out.writeByte(op.tag);
            switch (op.tag) {
                case ACK, DELIVERED -> {
                    Varint.writeInt(op.partition, out);
                    Varint.writeLong(op.first, out);
                    Varint.writeLong(op.last - op.first + 1, out);
                }
                case COUNT -> {
                    Varint.writeInt(op.partition, out);
                    Varint.writeLong(op.first, out);
                    Varint.writeInt(op.count, out);
                }
                case MOVE_BEGIN -> writeIntent(op.intent, out);
                case MOVE_END -> Varint.writeLong(op.first, out);
                default -> throw new IllegalStateException("unknown op " + op.tag);
            }
        }
        clear();
    }

    void clear() {
        ops.clear();
    }

    static void writeIntent(MoveIntent intent, ByteBuf out) {
        Varint.writeLong(intent.moveId(), out);
        byte[] target = intent.target().getBytes(StandardCharsets.UTF_8);
        Varint.writeInt(target.length, out);
        out.writeBytes(target);
        Varint.writeInt(intent.targetPartition(), out);
        Varint.writeLong(intent.producerId(), out);
        Varint.writeInt(intent.producerEpoch(), out);
        Varint.writeInt(intent.baseSequence(), out);
        Varint.writeInt(intent.entries().size(), out);
        for (MoveIntent.Entry e : intent.entries()) {
            Varint.writeInt(e.partition(), out);
            Varint.writeLong(e.offset(), out);
            out.writeByte(e.reason().code());
        }
    }

    /** The subscription id of an encoded record value, without decoding the ops. */
    static long subscriptionIdOf(ByteBuf value) {
        ByteBuf in = value.duplicate();
        checkVersion(in);
        return Varint.readLong(in);
    }

    /**
     * Decodes a record value written by {@link #writeTo} and hands each op to {@code handler}.
     *
     * @throws InvalidRecordException if the value is malformed
     */
    static void read(ByteBuf value, Handler handler) {
        ByteBuf in = value.duplicate();
        checkVersion(in);
        Varint.readLong(in);
        int n = Varint.readInt(in);
        if (n < 0 || n > in.readableBytes()) {
            throw new InvalidRecordException(
                    "cursor log record claims " + n + " ops in " + in.readableBytes() + " bytes");
        }
        for (int i = 0; i < n; i++) {
            need(in, 1);
            byte tag = in.readByte();
            switch (tag) {
                case ACK, DELIVERED -> {
                    int partition = Varint.readInt(in);
                    long first = Varint.readLong(in);
                    long count = Varint.readLong(in);
                    if (partition < 0 || first < 0 || count < 1) {
                        throw new InvalidRecordException(
                                "cursor op " + tag + " partition " + partition + " range " + first + "+" + count);
                    }
                    if (tag == ACK) {
                        handler.ack(partition, first, first + count - 1);
                    } else {
                        handler.delivered(partition, first, first + count - 1);
                    }
                }
                case COUNT -> {
                    int partition = Varint.readInt(in);
                    long offset = Varint.readLong(in);
                    int count = Varint.readInt(in);
                    if (partition < 0 || offset < 0 || count < 0) {
                        throw new InvalidRecordException("cursor op COUNT " + partition + "/" + offset + "=" + count);
                    }
                    handler.count(partition, offset, count);
                }
                case MOVE_BEGIN -> handler.moveBegin(readIntent(in));
                case MOVE_END -> handler.moveEnd(Varint.readLong(in));
                default -> throw new InvalidRecordException("unknown cursor op tag " + tag);
            }
        }
        if (in.isReadable()) {
            throw new InvalidRecordException("cursor log record has " + in.readableBytes() + " trailing bytes");
        }
    }

    static MoveIntent readIntent(ByteBuf in) {
        long moveId = Varint.readLong(in);
        int length = Varint.readInt(in);
        if (length < 1 || length > in.readableBytes()) {
            throw new InvalidRecordException("move intent target of " + length + " bytes");
        }
        String target = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        int targetPartition = Varint.readInt(in);
        long producerId = Varint.readLong(in);
        int epoch = Varint.readInt(in);
        int baseSequence = Varint.readInt(in);
        int count = Varint.readInt(in);
        if (count < 1 || count > in.readableBytes()) {
            throw new InvalidRecordException("move intent claims " + count + " entries");
        }
        List<MoveIntent.Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int partition = Varint.readInt(in);
            long offset = Varint.readLong(in);
            need(in, 1);
            entries.add(new MoveIntent.Entry(partition, offset, MoveReason.forCode(in.readByte())));
        }
        return new MoveIntent(moveId, target, targetPartition, producerId, (short) epoch, baseSequence, entries);
    }

    private static void checkVersion(ByteBuf in) {
        need(in, 1);
        byte version = in.readByte();
        if (version != VERSION) {
            throw new InvalidRecordException("unknown cursor log record version " + version);
        }
    }

    private static void need(ByteBuf in, int bytes) {
        if (in.readableBytes() < bytes) {
            throw new InvalidRecordException("cursor log record truncated");
        }
    }

    @Override
    public String toString() {
        return "CursorOps(" + subscriptionId + ", " + ops.size() + " ops)";
    }
}
