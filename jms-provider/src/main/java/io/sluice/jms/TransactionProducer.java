package io.sluice.jms;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.client.ProducerRecord;
import io.sluice.client.RecordHeader;
import io.sluice.client.TopicPartition;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatchBuilder;
import jakarta.jms.JMSException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The idempotent producer identity of one transacted session and the state COMMIT_TRANSACTION needs
 * from it: producer id and epoch (INIT_PRODUCER_ID, no name, obtained at the first commit that
 * sends), the next sequence per partition, and the next transaction number.
 *
 * <p>Sequences move on only when a commit succeeded; a commit refused for good keeps them as they
 * were (nothing was applied) and only the transaction number moves on. A commit whose outcome stays
 * unknown makes the identity unusable ({@link #abandon()}): the next transaction takes a new
 * producer id, as docs/transactions.md requires.
 *
 * <p>The batches end up in plain byte arrays, so a request kept for a resend needs no release.
 *
 * <pre>
 * per partition, in one commit:  batch 1 [seq s .. s+n1-1]  batch 2 [seq s+n1 ..]  ...
 *                                each batch at most {@value #MAX_BATCH_BYTES} bytes (one record may exceed it)
 * </pre>
 *
 * <p>Not thread-safe; confined to its session's thread of control (commit, rollback, close).
 */
final class TransactionProducer {
    /** Batches are cut at this size, well below any broker's {@code max.batch.bytes}. */
    static final int MAX_BATCH_BYTES = 1 << 20;

    private static final int SEQUENCE_MODULUS_MASK = Integer.MAX_VALUE;

    private final Map<TopicPartition, Integer> nextSequence = new HashMap<>();
    private long producerId = -1;
    private short producerEpoch = -1;
    private long nextTransactionNumber;

    boolean hasIdentity() {
        return producerId >= 0;
    }

    long producerId() {
        return producerId;
    }

    long nextTransactionNumber() {
        return nextTransactionNumber;
    }

    /** Obtains a producer id from the broker if the session has none (first commit, or abandoned). */
    void ensureIdentity(BrokerChannel channel) throws JMSException {
        if (hasIdentity()) {
            return;
        }
        InitProducerIdResponse id = channel.call(
                "obtaining a producer id for the transacted session",
                ApiKey.INIT_PRODUCER_ID,
                new InitProducerIdRequest(null),
                InitProducerIdResponse::read);
        assign(id.producerId(), id.producerEpoch());
    }

    /** Takes a fresh identity from the broker: sequences and numbers start again at 0. */
    void assign(long newProducerId, short newProducerEpoch) {
        producerId = newProducerId;
        producerEpoch = newProducerEpoch;
        nextSequence.clear();
        nextTransactionNumber = 0;
    }

    /**
     * The COMMIT_TRANSACTION request for these sends and acknowledgements, numbered with the next
     * transaction number. The same request is resent while its outcome is unknown.
     */
    CommitTransactionRequest request(Map<TopicPartition, List<ProducerRecord>> sends, DeliveryIds acks, int timeoutMs) {
        Map<String, List<ProduceRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        sends.forEach((tp, records) -> {
            int sequence = nextSequence.getOrDefault(tp, 0);
            List<ProduceRequest.PartitionData> partitions = byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>());
            partitions.add(new ProduceRequest.PartitionData(tp.partition(), batches(records, sequence)));
        });
        List<ProduceRequest.TopicData> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, partitions) -> topics.add(new ProduceRequest.TopicData(topic, partitions)));
        List<AckRequest.Range> ranges = Delivery.brokerRanges(acks);
        return new CommitTransactionRequest(
                producerId, producerEpoch, nextTransactionNumber, timeoutMs, topics, ranges);
    }

    /**
     * The records of one partition as consecutive batches, sequences following on from {@code
     * first}, copied into one byte array (the builder's pooled buffers are released at once).
     */
    private ByteBuf batches(List<ProducerRecord> records, int first) {
        ByteArrayOutputStream built = new ByteArrayOutputStream();
        int sequence = first;
        RecordBatchBuilder builder = null;
        try {
            for (ProducerRecord r : records) {
                List<Header> headers = new ArrayList<>(r.headers().size());
                for (RecordHeader h : r.headers()) {
                    headers.add(Header.of(h.key(), h.value()));
                }
                ByteBuf key = r.key() == null ? null : Unpooled.wrappedBuffer(r.key());
                ByteBuf value = r.value() == null ? null : Unpooled.wrappedBuffer(r.value());
                if (builder != null
                        && builder.sizeInBytes() + RecordBatchBuilder.recordSize(0, 0, key, value, headers)
                                > MAX_BATCH_BYTES) {
                    sequence = (sequence + builder.recordCount()) & SEQUENCE_MODULUS_MASK;
                    copyAndRelease(builder, built);
                    builder = null;
                }
                if (builder == null) {
                    builder = new RecordBatchBuilder(
                            PooledByteBufAllocator.DEFAULT, 1024, producerId, producerEpoch, sequence, 0);
                }
                builder.append(
                        r.timestamp() == null ? System.currentTimeMillis() : r.timestamp(),
                        r.attributes(),
                        key,
                        value,
                        headers);
            }
            if (builder != null) {
                RecordBatchBuilder last = builder;
                builder = null;
                copyAndRelease(last, built);
            }
        } finally {
            if (builder != null) {
                builder.release();
            }
        }
        return Unpooled.wrappedBuffer(built.toByteArray());
    }

    private static void copyAndRelease(RecordBatchBuilder builder, ByteArrayOutputStream out) {
        ByteBuf batch = builder.build();
        try {
            byte[] bytes = new byte[batch.readableBytes()];
            batch.getBytes(batch.readerIndex(), bytes);
            out.writeBytes(bytes);
        } finally {
            batch.release();
        }
    }

    /** The commit was applied: sequences move past its records, the next number follows. */
    void committed(Map<TopicPartition, List<ProducerRecord>> sends) {
        sends.forEach(
                (tp, records) -> nextSequence.merge(tp, records.size(), (a, b) -> (a + b) & SEQUENCE_MODULUS_MASK));
        nextTransactionNumber++;
    }

    /** The commit was refused for good: nothing was applied; only the number moves on. */
    void refused() {
        nextTransactionNumber++;
    }

    /** The outcome of a commit stays unknown: the sequences cannot be known; take a new identity next. */
    void abandon() {
        producerId = -1;
        producerEpoch = -1;
        nextSequence.clear();
        nextTransactionNumber = 0;
    }
}
