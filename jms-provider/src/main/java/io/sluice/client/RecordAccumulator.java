package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Collects records into per-partition batches until the sender takes them: a record joins the
 * partition's open batch if it fits and has the same durability, otherwise the open batch is closed
 * and a new one started. Each new batch first reserves its bytes from the {@link BufferMemory}
 * (which may block the sending thread up to {@code maxBlockMs}), outside any partition lock.
 *
 * <p>Thread-safe: appends from any thread lock only their partition; the sender drains on the
 * event loop under the same per-partition monitors.
 */
final class RecordAccumulator {
    /** What an append did, so the caller knows whether to wake the sender. */
    record AppendResult(boolean newBatch, boolean batchClosed) {}

    private final ByteBufAllocator allocator;
    private final BufferMemory memory;
    private final int batchSizeBytes;
    private final long maxBlockMs;
    private final LongSupplier nanoClock;
    private final Map<TopicPartition, PartitionBatches> partitions = new ConcurrentHashMap<>();
    /** Every batch created and not yet completed, for flush and close. */
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    /** Greater than zero while someone waits in flush(): open batches are sent without lingering. */
    private final AtomicInteger flushes = new AtomicInteger();
    /** Volatile: once set, appends fail with it (producer closed or failed for good). */
    private volatile SluiceClientException closedCause;

    RecordAccumulator(ByteBufAllocator allocator, ProducerConfig config, LongSupplier nanoClock) {
        this.allocator = allocator;
        this.memory = new BufferMemory(config.bufferMemoryBytes());
        this.batchSizeBytes = config.batchSizeBytes();
        this.maxBlockMs = config.maxBlockMs();
        this.nanoClock = nanoClock;
    }

    /**
     * Adds a record to its partition's open batch, starting a new batch when needed.
     *
     * @param recordBytes the record's encoded size (see {@code RecordBatchBuilder.recordSize})
     * @throws SluiceClientException if buffer memory stays exhausted or the producer is closed
     */
    AppendResult append(
            TopicPartition tp,
            Durability durability,
            long timestamp,
            byte attributes,
            ByteBuf key,
            ByteBuf value,
            List<Header> headers,
            int recordBytes,
            CompletableFuture<RecordMetadata> future) {
        PartitionBatches pb = partitions.computeIfAbsent(tp, PartitionBatches::new);
        synchronized (pb) {
            AppendResult appended =
                    appendToOpen(pb, durability, timestamp, attributes, key, value, headers, recordBytes, future);
            if (appended != null) {
                return appended;
            }
        }
        long reserve = Math.max(batchSizeBytes, (long) RecordBatch.HEADER_SIZE + recordBytes);
        memory.reserve(reserve, maxBlockMs);
        boolean used = false;
        try {
            synchronized (pb) {
                AppendResult appended =
                        appendToOpen(pb, durability, timestamp, attributes, key, value, headers, recordBytes, future);
                if (appended != null) {
                    return appended;
                }
                boolean closedOld = pb.open() != null;
                ProducerBatch batch =
                        new ProducerBatch(tp, durability, nanoClock.getAsLong(), reserve, batchSizeBytes, allocator);
                used = true;
                incomplete.add(batch);
                pb.startBatch(batch);
                batch.tryAppend(timestamp, attributes, key, value, headers, recordBytes, future);
                if (batch.isFull()) {
                    pb.closeOpen();
                    closedOld = true;
                }
                return new AppendResult(true, closedOld);
            }
        } finally {
            if (!used) {
                memory.release(reserve);
            }
        }
    }

    private AppendResult appendToOpen(
            PartitionBatches pb,
            Durability durability,
            long timestamp,
            byte attributes,
            ByteBuf key,
            ByteBuf value,
            List<Header> headers,
            int recordBytes,
            CompletableFuture<RecordMetadata> future) {
        SluiceClientException cause = closedCause;
        if (cause != null) {
            throw cause;
        }
        ProducerBatch open = pb.open();
        if (open == null
                || open.durability != durability
                || !open.tryAppend(timestamp, attributes, key, value, headers, recordBytes, future)) {
            return null;
        }
        if (open.isFull()) {
            pb.closeOpen();
            return new AppendResult(false, true);
        }
        return new AppendResult(false, false);
    }

    Collection<PartitionBatches> partitions() {
        return partitions.values();
    }

    PartitionBatches partition(TopicPartition tp) {
        PartitionBatches pb = partitions.get(tp);
        if (pb == null) {
            throw new IllegalStateException("no batches were ever created for " + tp);
        }
        return pb;
    }

    BufferMemory memory() {
        return memory;
    }

    /**
     * The batch was answered: its buffer and its reserved memory go back at once, so a sender
     * blocked on buffer memory may go on before the batch's futures have completed.
     */
    void releaseMemory(ProducerBatch batch) {
        batch.releaseBuffer();
        memory.release(batch.reservedBytes);
    }

    /** The batch's futures have completed: {@link #incompleteBatches()} no longer names it. */
    void completed(ProducerBatch batch) {
        incomplete.remove(batch);
    }

    /** The completion futures of every batch not yet completed. */
    List<CompletableFuture<Void>> incompleteBatches() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (ProducerBatch b : incomplete) {
            pending.add(b.done);
        }
        return pending;
    }

    boolean isFlushing() {
        return flushes.get() > 0;
    }

    void beginFlush() {
        flushes.incrementAndGet();
    }

    void endFlush() {
        flushes.decrementAndGet();
    }

    /**
     * Refuses further appends with {@code cause}. Batches already accumulated stay and must be
     * drained by the caller; an append racing with this either lands before the drain of its
     * partition or fails.
     */
    void closeForAppends(SluiceClientException cause) {
        if (closedCause == null) {
            closedCause = cause;
        }
        memory.close();
    }

    SluiceClientException closedCause() {
        return closedCause;
    }
}
