package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends records to partitions, batching them per partition and pipelining requests, with
 * idempotence on by default: every batch carries the producer id and per-partition sequence
 * numbers, so batches re-sent after a lost connection or a retriable error are stored once. Futures
 * of one partition's records complete in the order the records were sent, on the client's callback
 * executor.
 *
 * <p>{@link #send} returns at once unless the producer must wait for buffer memory or for the
 * partition count of a topic it has not written to yet (both bounded by {@code maxBlockMs}); every
 * other outcome, failures included, arrives through the returned future, which always completes:
 * acknowledged, refused by the broker, timed out ({@code deliveryTimeoutMs}), or failed because the
 * client gave up reconnecting or the producer was closed or fenced.
 *
 * <p>Thread-safe: any number of threads may send concurrently.
 */
public final class RecordProducer implements AutoCloseable {
    private final ProducerConfig config;
    private final ClientConnection connection;
    private final RecordAccumulator accumulator;
    private final ProducerSender sender;
    private final MetadataCache metadata;
    private final Partitioner partitioner;
    private final Clock clock;
    private final Runnable onClose;
    /** Volatile: checked by every send without locking. */
    private volatile boolean closed;

    private RecordProducer(
            ProducerConfig config,
            ClientConnection connection,
            Executor callbacks,
            int requestTimeoutMs,
            ProducerIdentity identity,
            Clock clock,
            Runnable onClose) {
        this.config = config;
        this.connection = connection;
        this.clock = clock;
        this.onClose = onClose;
        this.metadata = new MetadataCache(connection, requestTimeoutMs);
        this.partitioner = new Partitioner();
        this.accumulator = new RecordAccumulator(PooledByteBufAllocator.DEFAULT, config, System::nanoTime);
        this.sender = new ProducerSender(
                connection,
                accumulator,
                config,
                metadata,
                partitioner,
                callbacks,
                requestTimeoutMs,
                identity,
                System::nanoTime);
    }

    /** Obtains a producer identity (if idempotent) and starts the producer. Blocks up to the request timeout. */
    static RecordProducer create(
            ProducerConfig config,
            ClientConnection connection,
            Executor callbacks,
            int requestTimeoutMs,
            Clock clock,
            Runnable onClose) {
        ProducerIdentity identity = ProducerIdentity.NONE;
        if (config.idempotence()) {
            InitProducerIdResponse answer = Futures.await(connection.send(
                    ApiKey.INIT_PRODUCER_ID,
                    new InitProducerIdRequest(config.producerName()),
                    InitProducerIdResponse::read,
                    requestTimeoutMs));
            identity = new ProducerIdentity(answer.producerId(), answer.producerEpoch());
        }
        RecordProducer producer =
                new RecordProducer(config, connection, callbacks, requestTimeoutMs, identity, clock, onClose);
        connection.addObserver(producer.sender);
        if (connection.state().isTerminal()) {
            connection.removeObserver(producer.sender);
            throw ClientErrors.illegalState("the client is " + connection.state());
        }
        return producer;
    }

    /**
     * Sends a record; the future completes with where it was stored once the broker has
     * acknowledged it at the record's durability.
     *
     * @throws NullPointerException if {@code record} is null
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord record) {
        Objects.requireNonNull(record, "record");
        try {
            return append(record);
        } catch (SluiceClientException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Sends a value with an optional key to a partition, or to one chosen by the producer if null. */
    public CompletableFuture<RecordMetadata> send(String topic, Integer partition, byte[] key, byte[] value) {
        return send(new ProducerRecord(topic, partition, key, value, List.of(), (byte) 0, null, null));
    }

    private CompletableFuture<RecordMetadata> append(ProducerRecord record) {
        checkUsable();
        int partition = record.partition() != null
                ? record.partition()
                : partitioner.partition(
                        record.topic(), record.key(), metadata.partitionCount(record.topic(), config.maxBlockMs()));
        Durability durability = record.durability() != null ? record.durability() : config.defaultDurability();
        long timestamp = record.timestamp() != null ? record.timestamp() : clock.millis();
        ByteBuf key = record.key() == null ? null : Unpooled.wrappedBuffer(record.key());
        ByteBuf value = record.value() == null ? null : Unpooled.wrappedBuffer(record.value());
        List<Header> headers = new ArrayList<>(record.headers().size());
        for (RecordHeader h : record.headers()) {
            headers.add(Header.of(h.key(), h.value()));
        }
        int recordBytes = RecordBatchBuilder.recordSize(0, 0L, key, value, headers);
        checkSize(record, recordBytes);
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        TopicPartition tp = new TopicPartition(record.topic(), partition);
        RecordAccumulator.AppendResult result = accumulator.append(
                tp, durability, timestamp, record.attributes(), key, value, headers, recordBytes, future);
        if (result.batchClosed()) {
            partitioner.onBatchClosed(tp.topic(), tp.partition());
        }
        if (result.newBatch() || result.batchClosed()) {
            sender.wakeup();
        }
        return future;
    }

    private void checkUsable() {
        if (closed) {
            throw ClientErrors.closed("the producer");
        }
        SluiceClientException fatal = sender.fatal();
        if (fatal != null) {
            throw fatal;
        }
    }

    private void checkSize(ProducerRecord record, int recordBytes) {
        long batchBytes = (long) RecordBatch.HEADER_SIZE + recordBytes;
        ConnectionInfo info = connection.info();
        long frameLimit = info == null
                ? Long.MAX_VALUE
                : info.maxFrameBytes() - 256L - 3L * record.topic().length();
        if (batchBytes > frameLimit || batchBytes > config.bufferMemoryBytes()) {
            throw ClientErrors.recordTooLarge("a record of " + recordBytes + " bytes for " + record.topic()
                    + " exceeds the largest batch the producer can send ("
                    + Math.min(frameLimit, config.bufferMemoryBytes()) + " bytes: the broker's maxFrameBytes and"
                    + " bufferMemoryBytes)");
        }
    }

    /**
     * Sends every record sent so far without waiting for linger, and returns once all of their
     * futures have completed (with success or failure). Must not be called from a callback of this
     * client: that thread is the one completing the futures.
     *
     * @throws IllegalStateException if called on the client's callback thread
     */
    public void flush() {
        if (!flush(Duration.ofMillis(Long.MAX_VALUE))) {
            throw new IllegalStateException("flush did not finish");
        }
    }

    /**
     * Like {@link #flush()}, waiting at most {@code timeout}.
     *
     * @return whether every record sent before the call has completed
     */
    public boolean flush(Duration timeout) {
        if (SerialExecutor.isCallbackThread()) {
            throw new IllegalStateException(
                    "flush() was called from a client callback, which would wait for itself; call it from another thread");
        }
        accumulator.beginFlush();
        try {
            sender.wakeup();
            return awaitAll(accumulator.incompleteBatches(), timeout);
        } finally {
            accumulator.endFlush();
        }
    }

    private static boolean awaitAll(List<CompletableFuture<Void>> pending, Duration timeout) {
        CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]));
        try {
            all.get(Math.min(timeout.toMillis(), Long.MAX_VALUE / 2), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes after sending what was sent so far, waiting up to the delivery timeout. */
    @Override
    public void close() {
        close(Duration.ofMillis(config.deliveryTimeoutMs()));
    }

    /**
     * Stops accepting records, sends those already accepted and waits up to {@code timeout} for
     * their answers; records still unanswered then fail with ILLEGAL_STATE ("the producer is
     * closed"), and the broker may or may not hold those that were on the wire. Called from a client
     * callback it does not wait (the callback thread completes the answers).
     */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        SluiceClientException cause = ClientErrors.closed("the producer");
        try {
            sender.beginClose();
            if (!SerialExecutor.isCallbackThread()) {
                awaitAll(accumulator.incompleteBatches(), timeout);
            }
        } finally {
            accumulator.closeForAppends(cause);
            sender.abort(cause);
            connection.removeObserver(sender);
            onClose.run();
        }
    }

    /**
     * The partition a record with {@code key} goes to when it names none, among {@code partitions}:
     * {@code (crc32c(key) & 0x7fffffff) % partitions}. Layers that choose partitions themselves use it
     * to place keyed records exactly where this producer would.
     */
    public static int partitionForKey(byte[] key, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions);
        }
        return Partitioner.keyPartition(key, partitions);
    }

    /** The producer id and epoch the broker gave this producer (-1 without idempotence). */
    public long producerId() {
        return sender.identity().producerId();
    }

    public short producerEpoch() {
        return sender.identity().epoch();
    }

    /** Bytes of buffer memory currently free. */
    public long availableBufferBytes() {
        return accumulator.memory().availableBytes();
    }

    public ProducerConfig config() {
        return config;
    }

    /** Whether {@link #close} was called or the producer can no longer send (fenced, client failed). */
    public boolean isClosed() {
        return closed || sender.fatal() != null;
    }
}
