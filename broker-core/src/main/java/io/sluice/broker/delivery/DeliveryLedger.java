package io.sluice.broker.delivery;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The unsettled deliveries of one connection, by delivery id: which subscription (an index into the
 * connection's table), partition and offset each one stands for. Ids are handed out in increasing
 * order, so entries live in chunks of consecutive ids held in primitive arrays; a chunk disappears
 * when its last entry is settled, so one delivery held for a long time keeps only its own chunk
 * alive, not everything delivered after it.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class DeliveryLedger {
    private static final int CHUNK_BITS = 10;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;

    /** Receives the entries removed from the ledger. */
    @FunctionalInterface
    interface Visitor {
        void visit(long deliveryId, int subscription, int partition, long offset);
    }

    private static final class Chunk {
        final int[] subscriptions = new int[CHUNK_SIZE];
        final int[] partitions = new int[CHUNK_SIZE];
        final long[] offsets = new long[CHUNK_SIZE];
        final long[] present = new long[CHUNK_SIZE / 64];
        int live;
    }

    private final TreeMap<Long, Chunk> chunks = new TreeMap<>();
    private long nextId = 1;
    private int size;

    /** Records a delivery and returns its new id. */
    long add(int subscription, int partition, long offset) {
        long id = nextId++;
        long key = id >>> CHUNK_BITS;
        Chunk chunk = chunks.get(key);
        if (chunk == null) {
            chunk = new Chunk();
            chunks.put(key, chunk);
        }
        int i = (int) (id & (CHUNK_SIZE - 1));
        chunk.subscriptions[i] = subscription;
        chunk.partitions[i] = partition;
        chunk.offsets[i] = offset;
        chunk.present[i >>> 6] |= 1L << (i & 63);
        chunk.live++;
        size++;
        return id;
    }

    /** Unsettled deliveries. */
    int size() {
        return size;
    }

    /** How many of the ids in {@code [first, last]} this ledger holds. */
    long countRange(long first, long last) {
        if (first > last || size == 0) {
            return 0;
        }
        long count = 0;
        long firstKey = Math.max(0, first) >>> CHUNK_BITS;
        long lastKey = Math.max(0, last) >>> CHUNK_BITS;
        for (Map.Entry<Long, Chunk> e :
                chunks.subMap(firstKey, true, lastKey, true).entrySet()) {
            long base = e.getKey() << CHUNK_BITS;
            int from = (int) Math.max(0, first - base);
            int to = (int) Math.min(CHUNK_SIZE - 1, last - base);
            long[] present = e.getValue().present;
            for (int i = from; i <= to; i++) {
                if ((present[i >>> 6] & (1L << (i & 63))) != 0) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Puts back a delivery removed earlier under its old id (a transaction that could not commit
     * hands its deliveries back).
     *
     * @throws IllegalArgumentException if the id was never handed out or is held already
     */
    void restore(long id, int subscription, int partition, long offset) {
        if (id <= 0 || id >= nextId) {
            throw new IllegalArgumentException("delivery id " + id + " was never handed out");
        }
        Chunk chunk = chunks.computeIfAbsent(id >>> CHUNK_BITS, k -> new Chunk());
        int i = (int) (id & (CHUNK_SIZE - 1));
        long bit = 1L << (i & 63);
        if ((chunk.present[i >>> 6] & bit) != 0) {
            throw new IllegalArgumentException("delivery id " + id + " is held already");
        }
        chunk.subscriptions[i] = subscription;
        chunk.partitions[i] = partition;
        chunk.offsets[i] = offset;
        chunk.present[i >>> 6] |= bit;
        chunk.live++;
        size++;
    }

    /** Removes every delivery with an id in {@code [first, last]} and hands it to {@code visitor}. */
    void removeRange(long first, long last, Visitor visitor) {
        if (first > last || size == 0) {
            return;
        }
        long firstKey = Math.max(0, first) >>> CHUNK_BITS;
        long lastKey = Math.max(0, last) >>> CHUNK_BITS;
        Iterator<Map.Entry<Long, Chunk>> it =
                chunks.subMap(firstKey, true, lastKey, true).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Chunk> e = it.next();
            long base = e.getKey() << CHUNK_BITS;
            int from = (int) Math.max(0, first - base);
            int to = (int) Math.min(CHUNK_SIZE - 1, last - base);
            Chunk chunk = e.getValue();
            for (int i = from; i <= to; i++) {
                long bit = 1L << (i & 63);
                if ((chunk.present[i >>> 6] & bit) != 0) {
                    chunk.present[i >>> 6] &= ~bit;
                    chunk.live--;
                    size--;
                    visitor.visit(base + i, chunk.subscriptions[i], chunk.partitions[i], chunk.offsets[i]);
                }
            }
            if (chunk.live == 0) {
                it.remove();
            }
        }
    }

    /** Removes every delivery, handing each to {@code visitor}. */
    void removeAll(Visitor visitor) {
        removeRange(0, Long.MAX_VALUE, visitor);
    }
}
