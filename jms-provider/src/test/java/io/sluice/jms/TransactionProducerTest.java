package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.sluice.client.ProducerRecord;
import io.sluice.client.TopicPartition;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.record.RecordBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TransactionProducerTest {
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition B1 = new TopicPartition("b", 1);

    private static Map<TopicPartition, List<ProducerRecord>> sends(TopicPartition tp, int count, int valueBytes) {
        Map<TopicPartition, List<ProducerRecord>> sends = new LinkedHashMap<>();
        List<ProducerRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(ProducerRecord.of(tp.topic(), tp.partition(), null, new byte[valueBytes]));
        }
        sends.put(tp, records);
        return sends;
    }

    /** The batches of one partition of the request, in order. */
    private static List<RecordBatch> batches(CommitTransactionRequest r, TopicPartition tp) {
        for (ProduceRequest.TopicData t : r.topics()) {
            if (t.topic().equals(tp.topic())) {
                for (ProduceRequest.PartitionData p : t.partitions()) {
                    if (p.partition() == tp.partition()) {
                        ByteBuf records = p.records().duplicate();
                        List<RecordBatch> out = new ArrayList<>();
                        while (records.isReadable()) {
                            out.add(RecordBatch.readFrom(records, Integer.MAX_VALUE)
                                    .ensureValid());
                        }
                        return out;
                    }
                }
            }
        }
        throw new AssertionError(tp + " is not in the request");
    }

    @Test
    void sequencesStartAtZeroAndMoveOnOnlyWhenACommitSucceeded() {
        TransactionProducer producer = new TransactionProducer();
        producer.assign(42, (short) 3);
        Map<TopicPartition, List<ProducerRecord>> first = sends(A0, 3, 10);
        first.putAll(sends(B1, 2, 10));
        DeliveryIds acks = new DeliveryIds();
        acks.add(7);
        acks.add(8);
        acks.add(10);

        CommitTransactionRequest r = producer.request(first, acks, 5000);
        assertThat(r.producerId()).isEqualTo(42);
        assertThat(r.producerEpoch()).isEqualTo((short) 3);
        assertThat(r.transactionNumber()).isZero();
        assertThat(r.acks()).hasSize(2);
        RecordBatch a = batches(r, A0).get(0);
        assertThat(a.producerId()).isEqualTo(42);
        assertThat(a.producerEpoch()).isEqualTo((short) 3);
        assertThat(a.baseSequence()).isZero();
        assertThat(a.recordCount()).isEqualTo(3);
        assertThat(batches(r, B1).get(0).baseSequence()).isZero();

        producer.refused();
        CommitTransactionRequest retry = producer.request(first, new DeliveryIds(), 5000);
        assertThat(retry.transactionNumber()).isEqualTo(1);
        assertThat(batches(retry, A0).get(0).baseSequence())
                .as("nothing was applied")
                .isZero();

        producer.committed(first);
        CommitTransactionRequest next = producer.request(sends(A0, 1, 10), new DeliveryIds(), 5000);
        assertThat(next.transactionNumber()).isEqualTo(2);
        assertThat(batches(next, A0).get(0).baseSequence()).isEqualTo(3);
    }

    @Test
    void largePartitionsAreCutIntoConsecutiveBatches() {
        TransactionProducer producer = new TransactionProducer();
        producer.assign(1, (short) 0);
        int valueBytes = 300 * 1024;
        CommitTransactionRequest r = producer.request(sends(A0, 8, valueBytes), new DeliveryIds(), 5000);
        List<RecordBatch> batches = batches(r, A0);
        assertThat(batches).hasSizeGreaterThan(1);
        int expected = 0;
        for (RecordBatch b : batches) {
            assertThat(b.baseSequence()).isEqualTo(expected);
            assertThat(b.sizeInBytes()).isLessThanOrEqualTo(TransactionProducer.MAX_BATCH_BYTES);
            expected += b.recordCount();
        }
        assertThat(expected).isEqualTo(8);
    }

    @Test
    void anAbandonedIdentityIsReplacedAndStartsAgain() {
        TransactionProducer producer = new TransactionProducer();
        producer.assign(5, (short) 0);
        producer.committed(sends(A0, 4, 1));
        producer.abandon();
        assertThat(producer.hasIdentity()).isFalse();
        producer.assign(6, (short) 0);
        CommitTransactionRequest r = producer.request(sends(A0, 1, 1), new DeliveryIds(), 5000);
        assertThat(r.producerId()).isEqualTo(6);
        assertThat(r.transactionNumber()).isZero();
        assertThat(batches(r, A0).get(0).baseSequence()).isZero();
    }
}
