package io.sluice.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The answer to a fetch, decoded and copied: per partition its records from the requested offset
 * on, or its error. Iterating the result yields the records of every partition without an error,
 * partition by partition, each in offset order.
 *
 * <p>Immutable; thread-safe.
 */
public final class FetchResult implements Iterable<ConsumerRecord> {
    private final Map<TopicPartition, PartitionRecords> partitions;

    FetchResult(Map<TopicPartition, PartitionRecords> partitions) {
        this.partitions = Collections.unmodifiableMap(partitions);
    }

    /** Per partition, in the order of the response. */
    public Map<TopicPartition, PartitionRecords> partitions() {
        return partitions;
    }

    /** One partition's outcome, or {@code null} if the response did not include it. */
    public PartitionRecords partition(TopicPartition tp) {
        return partitions.get(tp);
    }

    /** Every record of every partition without an error. */
    public List<ConsumerRecord> records() {
        List<ConsumerRecord> all = new ArrayList<>();
        for (PartitionRecords p : partitions.values()) {
            all.addAll(p.records());
        }
        return all;
    }

    public int recordCount() {
        int n = 0;
        for (PartitionRecords p : partitions.values()) {
            n += p.records().size();
        }
        return n;
    }

    @Override
    public Iterator<ConsumerRecord> iterator() {
        return records().iterator();
    }

    @Override
    public String toString() {
        return "FetchResult(" + partitions.size() + " partitions, " + recordCount() + " records)";
    }
}
