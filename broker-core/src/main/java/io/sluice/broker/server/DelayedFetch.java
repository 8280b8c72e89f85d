package io.sluice.broker.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.OffsetOutOfRangeException;
import io.sluice.broker.log.PartitionLog;
import io.sluice.protocol.api.ApiMessage;
import io.sluice.protocol.api.FetchRequest;
import io.sluice.protocol.api.FetchResponse;
import io.sluice.protocol.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One long-polling fetch. Each attempt reads every partition on the storage executor; the fetch
 * completes when the reads hold at least {@code minBytes}, when a partition reports an error, or
 * once {@code maxWaitMs} have passed. Otherwise it drops the reads and waits on each partition's
 * high watermark ({@link PartitionLog#awaitHighWatermark}): the first advance triggers the next
 * attempt. Nothing polls.
 *
 * <p>Thread-safe: the state fields are guarded by this object; at most one attempt runs at a time
 * ({@code running}), and a wake-up during an attempt is remembered ({@code rerun}).
 */
final class DelayedFetch {
    /** A requested partition, resolved: its log, or the reason it cannot be read. */
    record Target(String topic, FetchRequest.PartitionFetch fetch, PartitionLog log, RuntimeException error) {}

    private final FetchRequest request;
    private final List<Target> targets;
    private final BrokerExecutors executors;
    private final CompletableFuture<ApiMessage> result = new CompletableFuture<>();

    // guarded by this
    private boolean done;
    private boolean running;
    private boolean rerun;
    private boolean expired;
    private List<CompletableFuture<Long>> waiters = List.of();
    private ScheduledFuture<?> timer;

    DelayedFetch(FetchRequest request, List<Target> targets, BrokerExecutors executors) {
        this.request = request;
        this.targets = targets;
        this.executors = executors;
    }

    CompletableFuture<ApiMessage> result() {
        return result;
    }

    void start() {
        synchronized (this) {
            if (request.maxWaitMs() == 0) {
                expired = true;
            } else {
                timer = executors.scheduler().schedule(this::expire, request.maxWaitMs(), TimeUnit.MILLISECONDS);
            }
        }
        wake();
    }

    private void expire() {
        synchronized (this) {
            expired = true;
        }
        wake();
    }

    private void wake() {
        synchronized (this) {
            if (done) {
                return;
            }
            if (running) {
                rerun = true;
                return;
            }
            running = true;
        }
        try {
            executors.storage().execute(this::attempt);
        } catch (RuntimeException e) {
            finish();
            result.completeExceptionally(e);
        }
    }

    private void attempt() {
        Reads reads;
        try {
            reads = readAll();
        } catch (RuntimeException e) {
            finish();
            result.completeExceptionally(e);
            return;
        }
        boolean complete;
        synchronized (this) {
            complete = expired || reads.bytes >= request.minBytes() || reads.hasError;
        }
        if (complete) {
            finish();
            result.complete(reads.response());
            return;
        }
        reads.release();
        List<CompletableFuture<Long>> previous;
        synchronized (this) {
            previous = waiters;
            waiters = List.of();
        }
        previous.forEach(w -> w.cancel(false));
        List<CompletableFuture<Long>> next = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            long waitOffset = Math.max(t.fetch().fetchOffset(), reads.highWatermarks[i]);
            CompletableFuture<Long> waiter = t.log().awaitHighWatermark(waitOffset);
            next.add(waiter);
            waiter.whenComplete((hw, failure) -> {
                // Waiters this fetch cancelled itself must not trigger another attempt.
                if (!(failure instanceof CancellationException)) {
                    wake();
                }
            });
        }
        boolean again;
        synchronized (this) {
            waiters = next;
            running = false;
            again = rerun || expired;
            rerun = false;
        }
        if (again) {
            wake();
        }
    }

    /** Marks the fetch done and releases its timer and waiters. */
    private void finish() {
        List<CompletableFuture<Long>> toCancel;
        synchronized (this) {
            done = true;
            running = false;
            toCancel = waiters;
            waiters = List.of();
            if (timer != null) {
                timer.cancel(false);
            }
        }
        toCancel.forEach(w -> w.cancel(false));
    }

    /** The outcome of one attempt: the response it would give, and what it holds. */
    private final class Reads {
        final Map<String, List<FetchResponse.PartitionData>> byTopic = new LinkedHashMap<>();
        final List<ByteBuf> buffers = new ArrayList<>();
        final long[] highWatermarks = new long[targets.size()];
        long bytes;
        boolean hasError;

        void add(String topic, FetchResponse.PartitionData data) {
            byTopic.computeIfAbsent(topic, k -> new ArrayList<>()).add(data);
        }

        ApiMessage response() {
            List<FetchResponse.TopicData> topics = new ArrayList<>();
            byTopic.forEach((topic, partitions) -> topics.add(new FetchResponse.TopicData(topic, partitions)));
            return new OwnedResponse(new FetchResponse(topics), buffers);
        }

        void release() {
            buffers.forEach(ByteBuf::release);
        }
    }

    private Reads readAll() {
        Reads reads = new Reads();
        try {
            for (int i = 0; i < targets.size(); i++) {
                readOne(reads, i);
            }
        } catch (RuntimeException e) {
            reads.release();
            throw e;
        }
        return reads;
    }

    private void readOne(Reads reads, int index) {
        Target t = targets.get(index);
        int partition = t.fetch().partition();
        if (t.error() != null) {
            ErrorMapper.Mapped mapped = ErrorMapper.map(t.error());
            reads.hasError = true;
            reads.add(t.topic(), failed(partition, mapped.error(), mapped.message(), -1L, -1L));
            return;
        }
        long remaining = request.maxBytes() - reads.bytes;
        if (remaining <= 0) {
            // The response is full: report the partition's state without records.
            reads.highWatermarks[index] = t.log().highWatermark();
            reads.add(
                    t.topic(),
                    new FetchResponse.PartitionData(
                            partition,
                            ErrorCode.NONE,
                            null,
                            reads.highWatermarks[index],
                            t.log().logStartOffset(),
                            Unpooled.EMPTY_BUFFER));
            return;
        }
        int maxBytes = (int) Math.min(t.fetch().maxBytes(), remaining);
        try {
            LogReadResult read = t.log().read(t.fetch().fetchOffset(), maxBytes);
            reads.buffers.add(read.records());
            reads.bytes += read.records().readableBytes();
            reads.highWatermarks[index] = read.highWatermark();
            reads.add(
                    t.topic(),
                    new FetchResponse.PartitionData(
                            partition,
                            ErrorCode.NONE,
                            null,
                            read.highWatermark(),
                            read.logStartOffset(),
                            read.records()));
        } catch (OffsetOutOfRangeException e) {
            reads.hasError = true;
            reads.add(
                    t.topic(),
                    failed(
                            partition,
                            ErrorCode.OFFSET_OUT_OF_RANGE,
                            e.getMessage(),
                            e.highWatermark(),
                            e.logStartOffset()));
        } catch (RuntimeException e) {
            ErrorMapper.Mapped mapped = ErrorMapper.map(e);
            reads.hasError = true;
            reads.add(t.topic(), failed(partition, mapped.error(), mapped.message(), -1L, -1L));
        }
    }

    private static FetchResponse.PartitionData failed(
            int partition, ErrorCode error, String message, long highWatermark, long logStartOffset) {
        return new FetchResponse.PartitionData(
                partition, error, message, highWatermark, logStartOffset, Unpooled.EMPTY_BUFFER);
    }
}
