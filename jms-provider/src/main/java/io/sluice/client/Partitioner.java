package io.sluice.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Chooses a partition for a record that does not name one. A record with a key goes to
 * {@code (crc32c(key) & 0x7fffffff) % partitions}, so equal keys always share a partition (and
 * their order) while the partition count stays the same. Records without a key stick to one
 * partition per topic until its batch is closed, then move to the next one, so that keyless traffic
 * fills whole batches and still spreads over every partition.
 *
 * <p>Thread-safe: the sticky choice per topic is an atomic.
 */
final class Partitioner {
    private final Map<String, Sticky> sticky = new ConcurrentHashMap<>();

    /** The keyless choice for one topic. Volatile count: refreshed by any sending thread. */
    private static final class Sticky {
        final AtomicInteger current;
        volatile int partitions;

        Sticky(int start, int partitions) {
            this.current = new AtomicInteger(start);
            this.partitions = partitions;
        }
    }

    int partition(String topic, byte[] key, int partitions) {
        if (key != null) {
            return keyPartition(key, partitions);
        }
        Sticky s = sticky.computeIfAbsent(
                topic, t -> new Sticky(ThreadLocalRandom.current().nextInt(partitions), partitions));
        s.partitions = partitions;
        int p = s.current.get();
        if (p >= partitions) {
            s.current.compareAndSet(p, 0);
            return 0;
        }
        return p;
    }

    static int keyPartition(byte[] key, int partitions) {
        CRC32C crc = new CRC32C();
        crc.update(key);
        return (int) ((crc.getValue() & 0x7fffffffL) % partitions);
    }

    /** A batch of {@code partition} was closed: keyless records of the topic move on. */
    void onBatchClosed(String topic, int partition) {
        Sticky s = sticky.get(topic);
        if (s != null && s.partitions > 1) {
            s.current.compareAndSet(partition, (partition + 1) % s.partitions);
        }
    }
}
