package io.sluice.broker.txn;

import io.sluice.broker.delivery.DeliverySession;
import io.sluice.broker.delivery.HeldDeliveries;
import io.sluice.broker.partition.AppendOutcome;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.UnknownTopicException;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.CommitTransactionResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One COMMIT_TRANSACTION, from the moment it is its producer's turn to the answer:
 *
 * <ol>
 *   <li>on the connection's event loop: a resend of the producer's latest committed transaction is
 *       answered from the partitions' producer state ({@link #answerDuplicate}); otherwise the
 *       acknowledged deliveries are taken out of the connection's ledger, all of them or none
 *       (TRANSACTION_ROLLED_BACK). From here on nothing else can release or redeliver them;
 *   <li>every partition's writer checks the batches (layout, size, producer identity, sequence)
 *       without appending;
 *   <li>the redo record is appended to the journal and awaited durable: the transaction is
 *       decided;
 *   <li>the batches are appended and the deliveries acknowledged, both durably, then a DONE entry is
 *       appended and the client answered.
 * </ol>
 *
 * A failure before step 3 hands the deliveries back to the connection (or releases them if it has
 * closed): nothing was applied. A failure after it leaves the redo record open, so the next start
 * applies the transaction; the deliveries stay with the transaction.
 *
 * <p>Thread-safe: each step runs after the previous one, on the event loop or the storage pool.
 */
final class CommitTask {
    private static final Logger log = LoggerFactory.getLogger(CommitTask.class);

    private final TransactionCoordinator coordinator;
    private final DeliverySession session;
    private final CommitTransactionRequest request;
    private final CompletableFuture<CommitTransactionResponse> outcome = new CompletableFuture<>();
    private HeldDeliveries held;

    CommitTask(TransactionCoordinator coordinator, DeliverySession session, CommitTransactionRequest request) {
        this.coordinator = coordinator;
        this.session = session;
        this.request = request;
    }

    /** Completes with the answer, or the error, of this commit. */
    CompletableFuture<CommitTransactionResponse> outcome() {
        return outcome;
    }

    /** Step 1; on the session's event loop, once the producer's previous commit has finished. */
    void start() {
        try {
            TransactionOutcomes.Outcome latest =
                    coordinator.journal().outcomes().latest(request.producerId());
            TransactionOutcomes.Outcome mine = new TransactionOutcomes.Outcome(
                    request.producerId(), request.producerEpoch(), request.transactionNumber(), 0);
            if (latest != null
                    && latest.producerEpoch() == mine.producerEpoch()
                    && latest.transactionNumber() == mine.transactionNumber()) {
                answerDuplicate();
                return;
            }
            if (latest != null && latest.isAfter(mine)) {
                throw latest.producerEpoch() > mine.producerEpoch()
                        ? new SluiceProtocolException(
                                ErrorCode.PRODUCER_FENCED,
                                "producer " + mine.producerId() + " committed a transaction with epoch "
                                        + latest.producerEpoch() + "; epoch " + mine.producerEpoch() + " is fenced")
                        : new SluiceProtocolException(
                                ErrorCode.UNKNOWN_TRANSACTION,
                                "transaction " + mine.transactionNumber() + " of producer " + mine.producerId()
                                        + " is older than its latest committed transaction "
                                        + latest.transactionNumber() + "; its outcome is no longer known");
            }
            held = coordinator.delivery().holdForCommit(session, request.acks());
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
            return;
        }
        try {
            coordinator.storage().execute(this::check);
        } catch (RuntimeException e) {
            abort(e);
        }
    }

    /** Step 2: every partition checks its batches, in order behind the appends queued before. */
    private void check() {
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        try {
            for (ProduceRequest.TopicData t : request.topics()) {
                Topic topic =
                        coordinator.topics().topic(t.topic()).orElseThrow(() -> new UnknownTopicException(t.topic()));
                for (ProduceRequest.PartitionData p : t.partitions()) {
                    topic.checkPartition(p.partition());
                    Partition partition = coordinator
                            .partitions()
                            .partition(t.topic(), p.partition())
                            .orElseThrow(() -> new UnknownTopicException(t.topic()));
                    checks.add(partition.checkBatchesOf(p.records(), request.producerId(), request.producerEpoch()));
                }
            }
        } catch (RuntimeException e) {
            abort(e);
            return;
        }
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                .whenCompleteAsync(
                        (v, e) -> {
                            if (e != null) {
                                abort(CommitApplier.unwrap(e));
                            } else {
                                decide();
                            }
                        },
                        coordinator.storage());
    }

    /** Step 3: the redo record, awaited durable. */
    private void decide() {
        CommitRecord record = new CommitRecord(
                request.producerId(),
                request.producerEpoch(),
                request.transactionNumber(),
                coordinator.clock().millis(),
                writes(),
                acks());
        long offset;
        try {
            if (JournalEntries.commitSize(record) > TransactionJournal.MAX_ENTRY_BYTES - 1024) {
                throw new SluiceProtocolException(
                        ErrorCode.TRANSACTION_TOO_LARGE, "the transaction does not fit into one journal entry");
            }
            offset = coordinator.journal().appendCommit(record);
        } catch (RuntimeException e) {
            abort(e);
            return;
        }
        coordinator
                .journal()
                .awaitDurable(offset)
                .whenCompleteAsync(
                        (hw, e) -> {
                            if (e != null) {
                                // Whether the record reached the disk is unknown: the next start decides. The
                                // deliveries stay with the transaction, so that they are not delivered again meanwhile.
                                log.error(
                                        "The redo record of {} at journal offset {} may not be durable",
                                        record,
                                        offset,
                                        e);
                                outcome.completeExceptionally(CommitApplier.unwrap(e));
                            } else {
                                apply(record, offset);
                            }
                        },
                        coordinator.storage());
    }

    /** Step 4: the effects, then DONE and the answer. */
    private void apply(CommitRecord record, long offset) {
        CompletableFuture<List<AppendOutcome>> appends = coordinator.applier().appendAll(record);
        CompletableFuture<Void> acks = held.size() == 0
                ? CompletableFuture.completedFuture(null)
                : coordinator.delivery().acceptHeld(held);
        appends.thenCombine(acks, (offsets, v) -> offsets)
                .whenCompleteAsync(
                        (offsets, e) -> {
                            if (e != null) {
                                log.error(
                                        "{} is committed but could not be applied; the next start applies it",
                                        record,
                                        e);
                                outcome.completeExceptionally(CommitApplier.unwrap(e));
                                return;
                            }
                            try {
                                coordinator.journal().appendDone(new long[] {offset});
                            } catch (RuntimeException ex) {
                                // The effects are durable; without DONE the next start merely applies it again.
                                log.warn(
                                        "Could not mark {} complete in the transaction journal: {}",
                                        record,
                                        ex.toString());
                            }
                            outcome.complete(response(false, offsets));
                        },
                        coordinator.storage());
    }

    /** Answers a resend of the latest committed transaction from the partitions' producer state. */
    private void answerDuplicate() {
        List<CompletableFuture<AppendOutcome>> found = new ArrayList<>();
        for (ProduceRequest.TopicData t : request.topics()) {
            for (ProduceRequest.PartitionData p : t.partitions()) {
                Partition partition = coordinator
                        .partitions()
                        .partition(t.topic(), p.partition())
                        .orElse(null);
                found.add(
                        partition == null
                                ? CompletableFuture.completedFuture(null)
                                : partition
                                        .findAppended(p.records())
                                        .thenCompose(o -> o == null
                                                ? CompletableFuture.completedFuture(null)
                                                : partition
                                                        .log()
                                                        .awaitHighWatermark(o.lastOffset())
                                                        .thenApply(hw -> o)));
            }
        }
        CompletableFuture.allOf(found.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (e != null) {
                outcome.completeExceptionally(CommitApplier.unwrap(e));
            } else {
                outcome.complete(response(
                        true, found.stream().map(CompletableFuture::join).toList()));
            }
        });
    }

    /** A failure before the transaction was decided: nothing was applied. */
    private void abort(Throwable cause) {
        if (held != null && held.size() > 0) {
            coordinator.delivery().returnHeld(held);
        }
        outcome.completeExceptionally(cause);
    }

    private List<CommitRecord.Write> writes() {
        List<CommitRecord.Write> writes = new ArrayList<>();
        for (ProduceRequest.TopicData t : request.topics()) {
            for (ProduceRequest.PartitionData p : t.partitions()) {
                writes.add(new CommitRecord.Write(t.topic(), p.partition(), p.records()));
            }
        }
        return writes;
    }

    private List<CommitRecord.Acks> acks() {
        Map<Long, Map<Integer, List<Long>>> grouped = new LinkedHashMap<>();
        for (HeldDeliveries.DurableAck a : held.durableAcks()) {
            grouped.computeIfAbsent(a.subscriptionId(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(a.partition(), p -> new ArrayList<>())
                    .add(a.offset());
        }
        List<CommitRecord.Acks> out = new ArrayList<>();
        grouped.forEach((subscription, byPartition) -> byPartition.forEach((partition, offsets) -> {
            long[] sorted = offsets.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            out.add(new CommitRecord.Acks(subscription, partition, sorted));
        }));
        return out;
    }

    /** The answer, per partition in request order; {@code offsets} has one entry per partition. */
    private CommitTransactionResponse response(boolean duplicate, List<AppendOutcome> offsets) {
        List<CommitTransactionResponse.TopicResult> topics = new ArrayList<>();
        int i = 0;
        for (ProduceRequest.TopicData t : request.topics()) {
            List<CommitTransactionResponse.PartitionResult> partitions = new ArrayList<>();
            for (ProduceRequest.PartitionData p : t.partitions()) {
                AppendOutcome o = offsets.get(i++);
                partitions.add(new CommitTransactionResponse.PartitionResult(
                        p.partition(), o == null ? -1L : o.firstOffset(), o == null ? -1L : o.lastOffset()));
            }
            topics.add(new CommitTransactionResponse.TopicResult(t.topic(), partitions));
        }
        return new CommitTransactionResponse(duplicate, topics);
    }
}
