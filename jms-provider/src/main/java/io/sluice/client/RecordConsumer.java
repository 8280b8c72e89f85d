package io.sluice.client;

import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.FetchRequest;
import io.sluice.protocol.api.ListOffsetsRequest;
import io.sluice.protocol.api.ListOffsetsResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads assigned partitions from given offsets with long-poll fetches and hands out their records
 * in offset order per partition. Positions live only in this object (no consumer group): the
 * application assigns partitions and offsets and may {@link #seek} at any time. Records are copies,
 * independent of network buffers.
 *
 * <pre>{@code
 * consumer.assign(new TopicPartition("orders", 0), RecordConsumer.EARLIEST);
 * for (ConsumerRecord r : consumer.poll(Duration.ofSeconds(1))) { ... }
 * }</pre>
 *
 * <p>Not thread-safe: confined to the thread that polls it, as a Kafka consumer is.
 */
public final class RecordConsumer implements AutoCloseable {
    /** Assign from the first offset still stored. */
    public static final long EARLIEST = ListOffsetsRequest.EARLIEST;
    /** Assign from the end: only records produced from now on. */
    public static final long LATEST = ListOffsetsRequest.LATEST;

    private final SluiceClient client;
    private final ConsumerConfig config;
    private final Runnable onClose;
    private final Map<TopicPartition, Long> positions = new LinkedHashMap<>();
    private CompletableFuture<FetchResult> pending;
    private Map<TopicPartition, Long> pendingOffsets;
    private boolean closed;

    RecordConsumer(SluiceClient client, ConsumerConfig config, Runnable onClose) {
        this.client = client;
        this.config = config;
        this.onClose = onClose;
    }

    /**
     * Starts (or moves) reading {@code tp} at {@code offset}, or at {@link #EARLIEST} or {@link
     * #LATEST}, which are resolved with the broker now.
     */
    public void assign(TopicPartition tp, long offset) {
        checkOpen();
        positions.put(tp, resolve(tp, offset));
    }

    /** Assigns several partitions; see {@link #assign(TopicPartition, long)}. */
    public void assign(Map<TopicPartition, Long> offsets) {
        offsets.forEach(this::assign);
    }

    public void unassign(TopicPartition tp) {
        checkOpen();
        positions.remove(tp);
    }

    /** Moves an assigned partition to {@code offset}; records already fetched beyond it are dropped. */
    public void seek(TopicPartition tp, long offset) {
        checkOpen();
        if (!positions.containsKey(tp)) {
            throw new IllegalStateException(tp + " is not assigned");
        }
        positions.put(tp, resolve(tp, offset));
    }

    /** The offset of the next record {@link #poll} will return for {@code tp}. */
    public long position(TopicPartition tp) {
        Long position = positions.get(tp);
        if (position == null) {
            throw new IllegalStateException(tp + " is not assigned");
        }
        return position;
    }

    public Set<TopicPartition> assignment() {
        return Collections.unmodifiableSet(positions.keySet());
    }

    /**
     * Returns the next records of the assigned partitions, waiting up to {@code timeout} for at least
     * one (the broker holds the fetch open and answers as soon as records arrive). Returns an empty
     * list when nothing arrived in time.
     *
     * @throws SluiceClientException the first partition error (OFFSET_OUT_OF_RANGE, UNKNOWN_TOPIC,
     *     ...) or a failed fetch; positions stay where they were
     * @throws IllegalStateException if no partition is assigned
     */
    public List<ConsumerRecord> poll(Duration timeout) {
        checkOpen();
        if (positions.isEmpty()) {
            throw new IllegalStateException("no partition is assigned");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (pending == null) {
                startFetch((int) Math.max(0, Math.min(remainingMs, config.fetchMaxWaitMs())));
            }
            FetchResult result;
            try {
                result = pending.get(Math.max(0, remainingMs), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return List.of();
            } catch (ExecutionException e) {
                pending = null;
                throw ClientErrors.unwrap(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ClientErrors.illegalState("interrupted while polling");
            }
            Map<TopicPartition, Long> requested = pendingOffsets;
            pending = null;
            List<ConsumerRecord> records = apply(result, requested);
            if (!records.isEmpty() || deadline - System.nanoTime() <= 0) {
                return records;
            }
        }
    }

    private void startFetch(int maxWaitMs) {
        Map<String, List<FetchRequest.PartitionFetch>> byTopic = new LinkedHashMap<>();
        positions.forEach((tp, offset) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new FetchRequest.PartitionFetch(tp.partition(), offset, config.partitionFetchMaxBytes())));
        List<FetchRequest.TopicFetch> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new FetchRequest.TopicFetch(topic, partitions)));
        pendingOffsets = new LinkedHashMap<>(positions);
        pending = client.fetchInternal(
                new FetchRequest(maxWaitMs, config.fetchMinBytes(), config.fetchMaxBytes(), topics));
    }

    /** Takes the records of partitions still at the offset they were fetched from, and moves on. */
    private List<ConsumerRecord> apply(FetchResult result, Map<TopicPartition, Long> requested) {
        for (PartitionRecords p : result.partitions().values()) {
            if (p.hasError() && positions.containsKey(p.topicPartition())) {
                throw p.exception();
            }
        }
        List<ConsumerRecord> records = new ArrayList<>();
        for (PartitionRecords p : result.partitions().values()) {
            TopicPartition tp = p.topicPartition();
            Long position = positions.get(tp);
            if (position == null || !position.equals(requested.get(tp))) {
                continue;
            }
            records.addAll(p.records());
            positions.put(tp, p.nextOffset());
        }
        return records;
    }

    private long resolve(TopicPartition tp, long offset) {
        if (offset >= 0) {
            return offset;
        }
        if (offset != EARLIEST && offset != LATEST) {
            throw new IllegalArgumentException("offset must be >= 0, EARLIEST or LATEST, was " + offset);
        }
        Map<TopicPartition, OffsetAndTimestamp> found = Futures.await(client.requestInternal(
                        ApiKey.LIST_OFFSETS,
                        SluiceAdmin.listOffsetsRequest(Map.of(tp, offset)),
                        ListOffsetsResponse::read)
                .thenApply(SluiceAdmin::offsets));
        return found.get(tp).offset();
    }

    private void checkOpen() {
        if (closed) {
            throw ClientErrors.closed("the consumer");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pending = null;
            onClose.run();
        }
    }
}
