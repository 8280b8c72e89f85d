package io.sluice.broker.txn;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * The redo record of one committed transaction, as the transaction journal keeps it: everything
 * needed to apply the transaction again after a crash, in terms that outlive the connection that
 * committed it - the record batches per partition (whose producer sequences make appending them
 * again harmless) and the acknowledged records as (subscription id, partition, offsets), never as
 * delivery ids.
 *
 * <p>Immutable apart from the buffers, which belong to whoever built or decoded the record;
 * thread-safe to read.
 *
 * @param committedAtMs broker time when the transaction was decided
 * @param writes the batches to append, per partition, in request order
 * @param acks the offsets to acknowledge, per subscription and partition, ascending
 */
record CommitRecord(
        long producerId,
        short producerEpoch,
        long transactionNumber,
        long committedAtMs,
        List<Write> writes,
        List<Acks> acks) {

    /** The batches for one partition. */
    record Write(String topic, int partition, ByteBuf records) {
        Write {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(records, "records");
        }
    }

    /** The offsets of one subscription's partition to acknowledge, ascending. */
    record Acks(long subscriptionId, int partition, long[] offsets) {}

    CommitRecord {
        writes = List.copyOf(writes);
        acks = List.copyOf(acks);
    }

    /** The outcome this record stands for in the journal's table of committed transactions. */
    TransactionOutcomes.Outcome outcome() {
        return new TransactionOutcomes.Outcome(producerId, producerEpoch, transactionNumber, committedAtMs);
    }

    int ackCount() {
        int n = 0;
        for (Acks a : acks) {
            n += a.offsets().length;
        }
        return n;
    }

    @Override
    public String toString() {
        return "transaction " + transactionNumber + " of producer " + producerId + " epoch " + producerEpoch + " ("
                + writes.size() + " partitions, " + ackCount() + " acknowledgements)";
    }
}
