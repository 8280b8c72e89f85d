package io.sluice.broker.txn;

import io.sluice.broker.delivery.DeliveryService;
import io.sluice.broker.partition.AppendOutcome;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.topic.UnknownTopicException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies decided transactions: appends their batches through the partitions' writers, durably,
 * and acknowledges the records they consumed in the subscriptions' cursors (through the cursor
 * log). Applying a transaction again is harmless: its batches carry their producer's sequence
 * numbers, so a batch already appended is recognised as a duplicate and answered with its original
 * offsets, and acknowledging a record twice changes nothing.
 *
 * <p>A partition whose topic was deleted meanwhile is skipped (its records went with the topic);
 * so is a subscription that no longer exists.
 *
 * <p>Thread-safe (stateless apart from its collaborators, which are thread-safe).
 */
final class CommitApplier {
    private static final Logger log = LoggerFactory.getLogger(CommitApplier.class);
    /** Bounds the wait for an applied batch to become durable; the journal entry stays open on time-out. */
    static final long APPLY_TIMEOUT_MS = 10 * 60 * 1000L;

    private final PartitionManager partitions;
    private final DeliveryService delivery;

    CommitApplier(PartitionManager partitions, DeliveryService delivery) {
        this.partitions = partitions;
        this.delivery = delivery;
    }

    /**
     * Appends every write of {@code commit} durably.
     *
     * @return per write, in order, the offsets its batches got (the originals for duplicates), or
     *     null for a write whose topic no longer exists
     */
    CompletableFuture<List<AppendOutcome>> appendAll(CommitRecord commit) {
        List<CompletableFuture<AppendOutcome>> appends = new ArrayList<>();
        for (CommitRecord.Write w : commit.writes()) {
            Partition partition = partitions.partition(w.topic(), w.partition()).orElse(null);
            if (partition == null) {
                log.info(
                        "Skipping partition {}-{} of {}: the topic no longer exists", w.topic(), w.partition(), commit);
                appends.add(CompletableFuture.completedFuture(null));
                continue;
            }
            CompletableFuture<AppendOutcome> append;
            try {
                append = partition.append(w.records(), true, APPLY_TIMEOUT_MS);
            } catch (RuntimeException e) {
                append = CompletableFuture.failedFuture(e);
            }
            appends.add(append.exceptionally(e -> {
                if (unwrap(e) instanceof UnknownTopicException) {
                    log.info("Skipping {}-{} of {}: the topic was deleted", w.topic(), w.partition(), commit);
                    return null;
                }
                throw e instanceof CompletionException ce ? ce : new CompletionException(e);
            }));
        }
        return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
                .thenApply(v -> appends.stream().map(CompletableFuture::join).toList());
    }

    /** Acknowledges the records of a recovered {@code commit} in their persisted subscriptions. */
    CompletableFuture<Void> acknowledgeRecovered(CommitRecord commit) {
        List<CompletableFuture<Boolean>> acks = new ArrayList<>();
        for (CommitRecord.Acks a : commit.acks()) {
            acks.add(delivery.acceptRecovered(a.subscriptionId(), a.partition(), a.offsets())
                    .thenApply(known -> {
                        if (!known) {
                            log.info(
                                    "Skipping the acknowledgements of subscription {} in {}: it no longer exists",
                                    a.subscriptionId(),
                                    commit);
                        }
                        return known;
                    }));
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    /** The failure inside the wrappers futures put around it. */
    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
