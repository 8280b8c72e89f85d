package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Varint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable state of a whole subscription: one {@link CursorCheckpoint} per partition, the
 * moves to other queues that were started and not finished, and the next move id. It is what a
 * snapshot in the metadata store holds, and it applies cursor-log ops ({@link CursorOps.Handler})
 * so that recovery can replay the log after the snapshot.
 *
 * <pre>
 * version        int8     1
 * partitionCount varint
 * partitions     partitionCount x CursorCheckpoint
 * nextMoveId     varlong
 * pendingCount   varint
 * pending        pendingCount x move intent (the MOVE_BEGIN layout of CursorOps)
 * </pre>
 *
 * <p>Not thread-safe; confined to its subscription's executor, or to start-up recovery.
 */
final class SubscriptionCheckpoint implements CursorOps.Handler {
    private static final byte VERSION = 1;

    private final CursorCheckpoint[] partitions;
    private final Map<Long, MoveIntent> pendingMoves = new LinkedHashMap<>();
    private long nextMoveId;

    SubscriptionCheckpoint(long[] startOffsets) {
        partitions = new CursorCheckpoint[startOffsets.length];
        for (int p = 0; p < startOffsets.length; p++) {
            partitions[p] = new CursorCheckpoint(startOffsets[p]);
        }
    }

    SubscriptionCheckpoint(CursorCheckpoint[] partitions, long nextMoveId, Collection<MoveIntent> pending) {
        this.partitions = partitions.clone();
        this.nextMoveId = nextMoveId;
        for (MoveIntent m : pending) {
            pendingMoves.put(m.moveId(), m);
        }
    }

    /** The durable view of live cursors and the mover's unfinished moves. */
    static SubscriptionCheckpoint of(PartitionCursor[] cursors, long nextMoveId, List<MoveIntent> pendingMoves) {
        CursorCheckpoint[] parts = new CursorCheckpoint[cursors.length];
        for (int p = 0; p < cursors.length; p++) {
            parts[p] = cursors[p].checkpoint();
        }
        return new SubscriptionCheckpoint(parts, nextMoveId, pendingMoves);
    }

    int partitionCount() {
        return partitions.length;
    }

    CursorCheckpoint partition(int p) {
        return partitions[p];
    }

    long nextMoveId() {
        return nextMoveId;
    }

    /** Moves begun and not ended, in the order they began. */
    List<MoveIntent> pendingMoves() {
        return new ArrayList<>(pendingMoves.values());
    }

    @Override
    public void ack(int partition, long first, long last) {
        if (partition < partitions.length) {
            partitions[partition].ack(first, last);
        }
    }

    @Override
    public void delivered(int partition, long first, long last) {
        if (partition < partitions.length) {
            partitions[partition].delivered(first, last);
        }
    }

    @Override
    public void count(int partition, long offset, int count) {
        if (partition < partitions.length) {
            partitions[partition].count(offset, count);
        }
    }

    @Override
    public void moveBegin(MoveIntent intent) {
        pendingMoves.put(intent.moveId(), intent);
        nextMoveId = Math.max(nextMoveId, intent.moveId() + 1);
    }

    @Override
    public void moveEnd(long moveId) {
        pendingMoves.remove(moveId);
    }

    void encode(ByteBuf out) {
        out.writeByte(VERSION);
        Varint.writeInt(partitions.length, out);
        for (CursorCheckpoint c : partitions) {
            c.encode(out);
        }
        Varint.writeLong(nextMoveId, out);
        Varint.writeInt(pendingMoves.size(), out);
        for (MoveIntent m : pendingMoves.values()) {
            CursorOps.writeIntent(m, out);
        }
    }

    /** @throws InvalidRecordException if the bytes are not a well-formed checkpoint */
    static SubscriptionCheckpoint decode(ByteBuf in) {
        if (!in.isReadable() || in.readByte() != VERSION) {
            throw new InvalidRecordException("unknown subscription checkpoint version");
        }
        int n = Varint.readInt(in);
        if (n < 1 || n > in.readableBytes()) {
            throw new InvalidRecordException("subscription checkpoint claims " + n + " partitions");
        }
        CursorCheckpoint[] partitions = new CursorCheckpoint[n];
        for (int p = 0; p < n; p++) {
            partitions[p] = CursorCheckpoint.decode(in);
        }
        long nextMoveId = Varint.readLong(in);
        int pending = Varint.readInt(in);
        if (pending < 0 || pending > in.readableBytes()) {
            throw new InvalidRecordException("subscription checkpoint claims " + pending + " pending moves");
        }
        List<MoveIntent> moves = new ArrayList<>();
        for (int i = 0; i < pending; i++) {
            moves.add(CursorOps.readIntent(in));
        }
        if (in.isReadable()) {
            throw new InvalidRecordException("subscription checkpoint has " + in.readableBytes() + " trailing bytes");
        }
        return new SubscriptionCheckpoint(partitions, nextMoveId, moves);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubscriptionCheckpoint other
                && Arrays.equals(partitions, other.partitions)
                && nextMoveId == other.nextMoveId
                && pendingMoves.equals(other.pendingMoves);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(partitions) * 31 + pendingMoves.hashCode();
    }

    @Override
    public String toString() {
        return "SubscriptionCheckpoint(" + Arrays.toString(partitions) + ", nextMoveId=" + nextMoveId + ", pending="
                + pendingMoves.keySet() + ")";
    }
}
