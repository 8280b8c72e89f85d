package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One batch of a producer for one partition: the records being filled into a pooled {@link
 * RecordBatchBuilder}, the send futures of those records, and, once the batch is closed, its state
 * on the way to the broker.
 *
 * <pre>
 *   OPEN --close--> (closed, in the accumulator) --drain--> QUEUED --send--> IN_FLIGHT
 *   IN_FLIGHT --answer--> SUCCEEDED | FAILED | QUEUED (to be re-sent)
 * </pre>
 *
 * <p>Guarded by the monitor of its {@link PartitionBatches} while open; confined to the connection's
 * event loop once drained. {@link #completeFutures()} runs on the callback executor after the event
 * loop has finished with the batch.
 */
final class ProducerBatch {
    enum State {
        OPEN,
        QUEUED,
        IN_FLIGHT,
        SUCCEEDED,
        FAILED
    }

    final TopicPartition topicPartition;
    final Durability durability;
    final long createdNanos;
    final long reservedBytes;
    private final int maxBytes;
    private final List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    private long[] timestamps = new long[16];
    private RecordBatchBuilder builder;
    private ByteBuf buffer;
    private RecordBatch view;

    /** Completes after every record's future, on the callback executor. */
    final CompletableFuture<Void> done = new CompletableFuture<>();

    // Confined to the event loop once drained.
    State state = State.OPEN;
    /** Position among the partition's batches in send order; never wraps. */
    long ordinal = -1;

    int baseSequence = -1;
    int attempts;
    /** The partition's recovery round when the batch was last sent. */
    int sentRound;
    /** The broker may have appended the batch (it was on the wire when the answer was lost). */
    boolean outcomeUnknown;

    private long baseOffset = -1;
    private SluiceClientException failure;

    ProducerBatch(
            TopicPartition topicPartition,
            Durability durability,
            long createdNanos,
            long reservedBytes,
            int maxBytes,
            ByteBufAllocator allocator) {
        this.topicPartition = topicPartition;
        this.durability = durability;
        this.createdNanos = createdNanos;
        this.reservedBytes = reservedBytes;
        this.maxBytes = maxBytes;
        this.builder = new RecordBatchBuilder(allocator, (int) reservedBytes, -1L, (short) -1, -1, 0);
    }

    /**
     * Appends a record if it fits (the first record always fits).
     *
     * @return false if the batch has records and this one would take it beyond its size
     */
    boolean tryAppend(
            long timestamp,
            byte attributes,
            ByteBuf key,
            ByteBuf value,
            List<Header> headers,
            int recordBytes,
            CompletableFuture<RecordMetadata> future) {
        int count = futures.size();
        if (count > 0 && builder.sizeInBytes() + recordBytes > maxBytes) {
            return false;
        }
        builder.append(timestamp, attributes, key, value, headers);
        if (count == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, count * 2);
        }
        timestamps[count] = timestamp;
        futures.add(future);
        return true;
    }

    /** Whether no further record should be added. */
    boolean isFull() {
        return builder == null || builder.sizeInBytes() >= maxBytes;
    }

    /** Completes the batch's bytes; no more records can be added. */
    void close() {
        if (builder != null) {
            buffer = builder.build();
            builder = null;
            view = RecordBatch.wrap(buffer);
        }
    }

    boolean isClosed() {
        return builder == null;
    }

    int recordCount() {
        return futures.size();
    }

    int sizeInBytes() {
        return buffer != null ? buffer.readableBytes() : builder.sizeInBytes();
    }

    /** The encoded batch (after {@link #close()}); a view that callers must not release. */
    ByteBuf buffer() {
        return buffer.duplicate();
    }

    /** Gives the batch its producer identity and first sequence number. */
    void stamp(long producerId, short producerEpoch, int baseSequence) {
        view.restamp(producerId, producerEpoch, baseSequence);
        this.baseSequence = baseSequence;
    }

    void succeed(long baseOffset) {
        this.state = State.SUCCEEDED;
        this.baseOffset = baseOffset;
        this.outcomeUnknown = false;
    }

    void fail(SluiceClientException failure) {
        this.state = State.FAILED;
        this.failure = failure;
    }

    boolean isResolved() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }

    SluiceClientException failure() {
        return failure;
    }

    /** Frees the batch's buffer; the batch's bytes cannot be sent afterwards. */
    void releaseBuffer() {
        if (builder != null) {
            builder.release();
            builder = null;
        }
        if (buffer != null) {
            buffer.release();
            buffer = null;
            view = null;
        }
    }

    /** Completes every record's future in record order, then {@link #done}. Callback executor only. */
    void completeFutures() {
        try {
            for (int i = 0; i < futures.size(); i++) {
                if (state == State.SUCCEEDED) {
                    futures.get(i)
                            .complete(new RecordMetadata(
                                    topicPartition.topic(), topicPartition.partition(), baseOffset + i, timestamps[i]));
                } else {
                    futures.get(i).completeExceptionally(failure);
                }
            }
        } finally {
            done.complete(null);
        }
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + topicPartition + ", " + futures.size() + " records, " + state + ", sequence "
                + baseSequence + ", attempts " + attempts + ")";
    }
}
