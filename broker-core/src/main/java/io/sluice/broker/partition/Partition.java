package io.sluice.broker.partition;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.log.AppendResult;
import io.sluice.broker.log.BatchValidator;
import io.sluice.broker.log.LogClosedException;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.LogStorageException;
import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.log.RecordLimits;
import io.sluice.broker.log.TopicPartition;
import io.sluice.broker.producer.BatchMetadata;
import io.sluice.broker.producer.OutOfOrderSequenceException;
import io.sluice.broker.producer.ProducerIdManager;
import io.sluice.broker.producer.ProducerStateManager;
import io.sluice.broker.producer.SequenceCheck;
import io.sluice.broker.topic.UnknownTopicException;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.RecordBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * One partition as the server uses it: its {@link PartitionLog}, its single {@link
 * PartitionWriter}, and its idempotent-producer state. Every append goes through the writer, which
 * checks each batch's producer identity and sequence, appends it and records it as one step.
 *
 * <p>Thread-safe: {@link #producers} and {@link #snapshotChanges} are confined to the writer (or
 * to the starting and closing thread while no writer task can run); the log is thread-safe.
 */
public final class Partition {
    private final TopicPartition id;
    private final PartitionLog log;
    private final PartitionWriter writer;
    private final ProducerIdManager producerIds;
    private final ScheduledExecutorService scheduler;
    private ProducerStateManager producers;
    private long snapshotChanges = -1;
    /** Set when the topic is deleted, so that appends racing the deletion report UNKNOWN_TOPIC. */
    private volatile boolean deleted;

    Partition(
            TopicPartition id,
            PartitionLog log,
            PartitionWriter writer,
            ProducerIdManager producerIds,
            ScheduledExecutorService scheduler) {
        this.id = id;
        this.log = log;
        this.writer = writer;
        this.producerIds = producerIds;
        this.scheduler = scheduler;
        this.producers = new ProducerStateManager(id.toString());
    }

    public TopicPartition id() {
        return id;
    }

    public PartitionLog log() {
        return log;
    }

    void markDeleted() {
        deleted = true;
    }

    /**
     * Appends the batches in {@code records} (a produce request's bytes for this partition) behind
     * every append submitted before. Never blocks; the caller must keep {@code records} readable
     * until the returned future completes.
     *
     * @param durable whether to complete only once the batches are durable (high watermark past them)
     * @param timeoutMs how long to wait for durability after the append
     */
    public CompletableFuture<AppendOutcome> append(ByteBuf records, boolean durable, long timeoutMs) {
        return append(records, durable, timeoutMs, RecordLimits.NONE);
    }

    /**
     * Appends like {@link #append(ByteBuf, boolean, long)}, refusing a batch with a record that
     * breaks {@code limits} (the topic's, for a producer's request).
     */
    public CompletableFuture<AppendOutcome> append(
            ByteBuf records, boolean durable, long timeoutMs, RecordLimits limits) {
        CompletableFuture<AppendOutcome> result = new CompletableFuture<>();
        writer.submit(new PartitionWriter.Task() {
            @Override
            public void run() {
                AppendOutcome appended;
                try {
                    appended = appendNow(records, limits);
                } catch (LogClosedException e) {
                    throw deleted ? new UnknownTopicException(id.topic()) : e;
                }
                if (!durable) {
                    result.complete(appended);
                } else {
                    awaitDurable(appended, timeoutMs, result);
                }
            }

            @Override
            public void reject(RuntimeException reason) {
                result.completeExceptionally(reason);
            }
        });
        return result;
    }

    /**
     * Completes with the log end offset once every append submitted before this call has been
     * applied: what a drain must take into account. Never blocks; if the writer refuses the task
     * (queue full, shutting down) it completes at once with the current log end.
     */
    public CompletableFuture<Long> logEndAfterQueuedAppends() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        try {
            writer.submit(new PartitionWriter.Task() {
                @Override
                public void run() {
                    result.complete(log.logEndOffset());
                }

                @Override
                public void reject(RuntimeException reason) {
                    result.complete(log.logEndOffset());
                }
            });
        } catch (RuntimeException e) {
            result.complete(log.logEndOffset());
        }
        return result;
    }

    /**
     * Checks, behind every append submitted before, that {@code records} could be appended now as
     * the next batches of one idempotent producer, without appending anything: valid batches
     * (layout, CRC, records, size) of exactly that producer and epoch, an identity the broker
     * issued and not fenced, and sequences that continue the producer's sequence on this partition
     * (or repeat its most recent batches). A transaction runs this on every partition before it is
     * decided, so that applying it afterwards cannot fail on its batches.
     *
     * @throws RecordTooLargeException, InvalidRecordException, UnknownProducerIdException,
     *     ProducerFencedException, OutOfOrderSequenceException (through the future)
     */
    public CompletableFuture<Void> checkBatchesOf(ByteBuf records, long producerId, short epoch) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        writer.submit(new PartitionWriter.Task() {
            @Override
            public void run() {
                checkNow(records, producerId, epoch);
                result.complete(null);
            }

            @Override
            public void reject(RuntimeException reason) {
                result.completeExceptionally(reason);
            }
        });
        return result;
    }

    private void checkNow(ByteBuf records, long producerId, short epoch) {
        List<RecordBatch> batches = split(records);
        RecordBatch previous = null;
        for (RecordBatch batch : batches) {
            BatchValidator.validate(batch);
            if (batch.producerId() != producerId || batch.producerEpoch() != epoch) {
                throw new SluiceProtocolException(
                        ErrorCode.INVALID_REQUEST,
                        "a batch for " + id + " belongs to producer " + batch.producerId() + " epoch "
                                + batch.producerEpoch() + ", not to the transaction's producer " + producerId
                                + " epoch " + epoch);
            }
            if (previous == null) {
                producerIds.checkIdentity(producerId, epoch);
                producers.check(producerId, epoch, batch.baseSequence(), batch.lastSequence());
            } else if (batch.baseSequence() != ProducerStateManager.nextSequence(previous.lastSequence())) {
                throw new OutOfOrderSequenceException("out of order sequence for producer " + producerId + " on " + id
                        + ": a batch starting at " + batch.baseSequence() + " follows one ending at "
                        + previous.lastSequence() + " in the same request");
            }
            previous = batch;
        }
    }

    /**
     * Completes with the offsets the producer's batches in {@code records} were given when they
     * were appended, if this partition still remembers every one of them as one of the producer's
     * recent batches; with null otherwise. Appends nothing.
     */
    public CompletableFuture<AppendOutcome> findAppended(ByteBuf records) {
        CompletableFuture<AppendOutcome> result = new CompletableFuture<>();
        writer.submit(new PartitionWriter.Task() {
            @Override
            public void run() {
                result.complete(findNow(records));
            }

            @Override
            public void reject(RuntimeException reason) {
                result.completeExceptionally(reason);
            }
        });
        return result;
    }

    private AppendOutcome findNow(ByteBuf records) {
        long first = Long.MAX_VALUE;
        long last = -1;
        long appendTimeMs = -1;
        for (RecordBatch batch : split(records)) {
            if (!batch.hasProducerId()) {
                return null;
            }
            BatchMetadata found = null;
            for (BatchMetadata b : producers.batchesOf(batch.producerId())) {
                if (b.firstSequence() == batch.baseSequence() && b.lastSequence() == batch.lastSequence()) {
                    found = b;
                }
            }
            if (found == null || producers.epochOf(batch.producerId()) != batch.producerEpoch()) {
                return null;
            }
            first = Math.min(first, found.firstOffset());
            last = Math.max(last, found.lastOffset());
            appendTimeMs = Math.max(appendTimeMs, found.appendTimeMs());
        }
        return new AppendOutcome(first, last, appendTimeMs, log.logStartOffset());
    }

    /** Runs on the writer: check, append and record each batch in order. */
    private AppendOutcome appendNow(ByteBuf records, RecordLimits limits) {
        List<RecordBatch> batches = split(records);
        long first = Long.MAX_VALUE;
        long last = -1;
        long appendTimeMs = -1;
        // Every batch is checked before any is appended: a corrupt batch appends nothing.
        batches.forEach(RecordBatch::ensureValid);
        for (RecordBatch batch : batches) {
            long offsetOfFirst;
            long offsetOfLast;
            long timeMs;
            SequenceCheck check = SequenceCheck.APPEND;
            if (batch.hasProducerId()) {
                producerIds.checkIdentity(batch.producerId(), batch.producerEpoch());
                check = producers.check(
                        batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence());
            }
            if (check instanceof SequenceCheck.Duplicate duplicate) {
                BatchMetadata original = duplicate.original();
                offsetOfFirst = original.firstOffset();
                offsetOfLast = original.lastOffset();
                timeMs = original.appendTimeMs();
            } else {
                AppendResult r = log.append(batch.buffer(), limits);
                if (batch.hasProducerId()) {
                    producers.record(
                            batch.producerId(),
                            batch.producerEpoch(),
                            new BatchMetadata(
                                    batch.baseSequence(),
                                    batch.lastSequence(),
                                    r.firstOffset(),
                                    r.lastOffset(),
                                    r.appendTimeMs()));
                }
                offsetOfFirst = r.firstOffset();
                offsetOfLast = r.lastOffset();
                timeMs = r.appendTimeMs();
            }
            first = Math.min(first, offsetOfFirst);
            last = Math.max(last, offsetOfLast);
            appendTimeMs = Math.max(appendTimeMs, timeMs);
        }
        return new AppendOutcome(first, last, appendTimeMs, log.logStartOffset());
    }

    private List<RecordBatch> split(ByteBuf records) {
        int maxBatchBytes = log.config().maxBatchBytes();
        ByteBuf in = records.duplicate();
        if (!in.isReadable()) {
            throw new InvalidRecordException("the request holds no record batch for " + id);
        }
        List<RecordBatch> batches = new ArrayList<>();
        while (in.isReadable()) {
            if (in.readableBytes() >= RecordBatch.LOG_OVERHEAD) {
                long size = RecordBatch.LOG_OVERHEAD + (long) in.getInt(in.readerIndex() + 8);
                if (size > maxBatchBytes) {
                    throw new RecordTooLargeException(
                            "a batch of " + size + " bytes exceeds max.batch.bytes (" + maxBatchBytes + ") of " + id);
                }
            }
            batches.add(RecordBatch.readFrom(in, maxBatchBytes));
        }
        return batches;
    }

    private void awaitDurable(AppendOutcome appended, long timeoutMs, CompletableFuture<AppendOutcome> result) {
        CompletableFuture<Long> durable = log.awaitHighWatermark(appended.lastOffset());
        if (durable.isDone() && !durable.isCompletedExceptionally()) {
            result.complete(appended);
            return;
        }
        var timer = scheduler.schedule(
                () -> {
                    if (result.completeExceptionally(new TimeoutException("offsets " + appended.firstOffset() + ".."
                            + appended.lastOffset() + " of " + id + " were appended but not durable within "
                            + timeoutMs + " ms"))) {
                        durable.cancel(false);
                    }
                },
                timeoutMs,
                TimeUnit.MILLISECONDS);
        durable.whenComplete((hw, failure) -> {
            timer.cancel(false);
            if (failure == null) {
                result.complete(appended);
            } else if (failure instanceof LogStorageException || failure.getCause() instanceof LogStorageException) {
                result.completeExceptionally(new NotDurableException(
                        "offsets " + appended.firstOffset() + ".." + appended.lastOffset() + " of " + id
                                + " were appended but the log failed before they were durable",
                        failure));
            } else {
                result.completeExceptionally(failure);
            }
        });
    }

    /**
     * Rebuilds the producer state: from {@code snapshot} (valid below {@code validToOffset}) if it
     * is usable, then by replaying the log after it. Runs at start, before any append.
     *
     * @return whether the snapshot was used; false if there was none or it was discarded (damaged,
     *     or valid to an offset beyond the recovered log: it describes a tail a power loss took)
     */
    boolean recoverProducerState(byte[] snapshot, long validToOffset) {
        long from = log.logStartOffset();
        producers = new ProducerStateManager(id.toString());
        boolean used = false;
        if (snapshot != null && validToOffset <= log.logEndOffset()) {
            try {
                producers = ProducerStateManager.fromSnapshot(id.toString(), snapshot);
                from = Math.max(from, validToOffset);
                used = true;
            } catch (IllegalArgumentException e) {
                producers = new ProducerStateManager(id.toString());
            }
        }
        long offset = from;
        while (offset < log.highWatermark()) {
            try (LogReadResult read = log.read(offset, 1024 * 1024)) {
                if (read.isEmpty()) {
                    break;
                }
                ByteBuf bytes = read.records();
                while (bytes.isReadable()) {
                    RecordBatch batch = RecordBatch.readFrom(bytes, Integer.MAX_VALUE);
                    if (batch.lastOffset() >= offset && batch.hasProducerId() && batch.baseSequence() >= 0) {
                        producers.record(
                                batch.producerId(),
                                batch.producerEpoch(),
                                new BatchMetadata(
                                        batch.baseSequence(),
                                        batch.lastSequence(),
                                        batch.baseOffset(),
                                        batch.lastOffset(),
                                        batch.maxTimestamp()));
                    }
                }
                offset = read.nextOffset();
            }
        }
        snapshotChanges = producers.changeCount();
        return used;
    }

    /**
     * Hands a snapshot of the producer state, with the offset it is valid to, to {@code sink} if
     * anything changed since the last one. Runs on the writer, so it sees exactly the batches below
     * the log end.
     */
    void snapshotIfChanged(BiConsumer<Long, byte[]> sink) {
        writer.submit(new PartitionWriter.Task() {
            @Override
            public void run() {
                snapshotNow(sink);
            }

            @Override
            public void reject(RuntimeException reason) {
                // Skipped: the next round, or recovery from the log, covers it.
            }
        });
    }

    /** The idempotent producers this partition remembers, read on the writer. */
    public CompletableFuture<List<ProducerStateManager.ProducerView>> producers() {
        CompletableFuture<List<ProducerStateManager.ProducerView>> result = new CompletableFuture<>();
        writer.submit(new PartitionWriter.Task() {
            @Override
            public void run() {
                result.complete(producers.describe());
            }

            @Override
            public void reject(RuntimeException reason) {
                result.completeExceptionally(reason);
            }
        });
        return result;
    }

    /** Like {@link #snapshotIfChanged} but on the calling thread; only while no writer task runs. */
    void snapshotNow(BiConsumer<Long, byte[]> sink) {
        if (producers.changeCount() != snapshotChanges) {
            snapshotChanges = producers.changeCount();
            sink.accept(log.logEndOffset(), producers.snapshot());
        }
    }
}
