package io.sluice.broker.producer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The idempotent-producer state of one partition: for each producer, its epoch and its last five
 * batches with the offsets they got. {@link #check} decides whether a batch is the next one, a
 * duplicate of a recent one, or refused; {@link #record} remembers a batch once appended.
 *
 * <p>Rules, per (producer, partition):
 *
 * <ul>
 *   <li>an epoch older than the one seen last: PRODUCER_FENCED;
 *   <li>the first batch of a producer epoch (a producer new to this partition, or a newer epoch)
 *       must start at sequence 0;
 *   <li>otherwise the batch must start right after the previous batch's last sequence (which
 *       wraps from {@link Integer#MAX_VALUE} to 0); a batch whose range equals one of the last
 *       five batches is a duplicate; anything else is OUT_OF_ORDER_SEQUENCE.
 * </ul>
 *
 * <p>The state can be written as a snapshot and read back ({@link #snapshot()}, {@link
 * #fromSnapshot}); the snapshot does not say how far it is valid, its holder does.
 *
 * <pre>
 * snapshot layout (big-endian)
 *   version        int8  (1)
 *   producerCount  int32
 *   producerCount times:
 *     producerId     int64
 *     epoch          int16
 *     batchCount     int8  (0..5, oldest first)
 *     batchCount times:
 *       firstSequence  int32
 *       lastSequence   int32
 *       firstOffset    int64
 *       lastOffset     int64
 *       appendTimeMs   int64
 * </pre>
 *
 * <p>Not thread-safe: confined to the partition's single writer, which checks, appends and records
 * as one step so that no other batch of the partition can slip in between.
 */
public final class ProducerStateManager {
    private static final byte SNAPSHOT_VERSION = 1;
    private static final int BATCH_BYTES = 4 + 4 + 8 + 8 + 8;

    private final String partitionName;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    private long changes;

    /** @param partitionName used in error messages, e.g. {@code orders-3} */
    public ProducerStateManager(String partitionName) {
        this.partitionName = partitionName;
    }

    /** The sequence after {@code sequence}: producers wrap from {@link Integer#MAX_VALUE} to 0. */
    public static int nextSequence(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }

    /**
     * Decides what to do with a batch of an idempotent producer.
     *
     * @throws ProducerFencedException if the epoch is older than the one this partition has seen
     * @throws OutOfOrderSequenceException if the sequence is neither the next one nor a recent batch
     */
    public SequenceCheck check(long producerId, short epoch, int firstSequence, int lastSequence) {
        if (firstSequence < 0) {
            throw new OutOfOrderSequenceException("batch of producer " + producerId + " to " + partitionName
                    + " has invalid base sequence " + firstSequence);
        }
        ProducerStateEntry entry = producers.get(producerId);
        if (entry == null || epoch > entry.epoch()) {
            if (firstSequence != 0) {
                throw new OutOfOrderSequenceException("out of order sequence for producer " + producerId + " epoch "
                        + epoch + " on " + partitionName + ": expected 0 (first batch of this epoch), got "
                        + firstSequence);
            }
            return SequenceCheck.APPEND;
        }
        if (epoch < entry.epoch()) {
            throw new ProducerFencedException("producer " + producerId + " epoch " + epoch + " is fenced on "
                    + partitionName + ": epoch " + entry.epoch() + " has written since");
        }
        BatchMetadata duplicate = entry.find(firstSequence, lastSequence);
        if (duplicate != null) {
            return new SequenceCheck.Duplicate(duplicate);
        }
        BatchMetadata last = entry.last();
        int expected = last == null ? 0 : nextSequence(last.lastSequence());
        if (firstSequence != expected) {
            throw new OutOfOrderSequenceException("out of order sequence for producer " + producerId + " epoch "
                    + epoch + " on " + partitionName + ": expected " + expected + ", got " + firstSequence
                    + " (a resend is recognised only among the last " + ProducerStateEntry.MAX_CACHED_BATCHES
                    + " batches)");
        }
        return SequenceCheck.APPEND;
    }

    /** Remembers an appended batch (after {@link #check} said to append it, or during log replay). */
    public void record(long producerId, short epoch, BatchMetadata batch) {
        producers
                .computeIfAbsent(producerId, id -> new ProducerStateEntry(id, epoch))
                .add(epoch, batch);
        changes++;
    }

    /** The cached batches of a producer, oldest first; empty if unknown. */
    public List<BatchMetadata> batchesOf(long producerId) {
        ProducerStateEntry entry = producers.get(producerId);
        return entry == null ? List.of() : entry.batches();
    }

    /** The epoch last seen for a producer, or -1. */
    public short epochOf(long producerId) {
        ProducerStateEntry entry = producers.get(producerId);
        return entry == null ? -1 : entry.epoch();
    }

    /** What an operator sees of one producer: its epoch and its last batch. */
    public record ProducerView(
            long producerId, short epoch, int lastSequence, long lastOffset, long lastAppendTimeMs) {}

    /** Every producer with its last batch, by producer id. */
    public List<ProducerView> describe() {
        List<ProducerView> views = new java.util.ArrayList<>();
        for (ProducerStateEntry e : producers.values()) {
            BatchMetadata last = e.last();
            views.add(new ProducerView(
                    e.producerId(),
                    e.epoch(),
                    last == null ? -1 : last.lastSequence(),
                    last == null ? -1 : last.lastOffset(),
                    last == null ? -1 : last.appendTimeMs()));
        }
        views.sort(java.util.Comparator.comparingLong(ProducerView::producerId));
        return views;
    }

    public int producerCount() {
        return producers.size();
    }

    /** Grows with every recorded batch; tells a snapshotter whether anything changed. */
    public long changeCount() {
        return changes;
    }

    /** Forgets everything (before replaying the whole log). */
    public void clear() {
        producers.clear();
        changes++;
    }

    /** The state in the snapshot layout. */
    public byte[] snapshot() {
        int size = 1 + 4;
        for (ProducerStateEntry e : producers.values()) {
            size += 8 + 2 + 1 + e.batches().size() * BATCH_BYTES;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(SNAPSHOT_VERSION).putInt(producers.size());
        for (ProducerStateEntry e : producers.values()) {
            List<BatchMetadata> batches = e.batches();
            out.putLong(e.producerId()).putShort(e.epoch()).put((byte) batches.size());
            for (BatchMetadata b : batches) {
                out.putInt(b.firstSequence())
                        .putInt(b.lastSequence())
                        .putLong(b.firstOffset())
                        .putLong(b.lastOffset())
                        .putLong(b.appendTimeMs());
            }
        }
        return out.array();
    }

    /**
     * Reads a snapshot.
     *
     * @throws IllegalArgumentException if the bytes are not a snapshot this version understands
     */
    public static ProducerStateManager fromSnapshot(String partitionName, byte[] snapshot) {
        ProducerStateManager state = new ProducerStateManager(partitionName);
        ByteBuffer in = ByteBuffer.wrap(snapshot);
        try {
            byte version = in.get();
            if (version != SNAPSHOT_VERSION) {
                throw new IllegalArgumentException("unknown producer snapshot version " + version);
            }
            int count = in.getInt();
            if (count < 0 || (long) count * 11 > in.remaining()) {
                throw new IllegalArgumentException("producer snapshot claims " + count + " producers");
            }
            for (int i = 0; i < count; i++) {
                long producerId = in.getLong();
                short epoch = in.getShort();
                int batches = in.get();
                if (batches < 0 || batches > ProducerStateEntry.MAX_CACHED_BATCHES) {
                    throw new IllegalArgumentException(
                            "producer snapshot has " + batches + " batches for one producer");
                }
                ProducerStateEntry entry = new ProducerStateEntry(producerId, epoch);
                for (int b = 0; b < batches; b++) {
                    entry.add(
                            epoch,
                            new BatchMetadata(in.getInt(), in.getInt(), in.getLong(), in.getLong(), in.getLong()));
                }
                state.producers.put(producerId, entry);
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("producer snapshot of " + partitionName + " is truncated", e);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("producer snapshot of " + partitionName + " has trailing bytes");
        }
        return state;
    }
}
