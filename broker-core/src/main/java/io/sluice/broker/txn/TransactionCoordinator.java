package io.sluice.broker.txn;

import io.sluice.broker.delivery.DeliveryService;
import io.sluice.broker.delivery.DeliverySession;
import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.topic.TopicManager;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.CommitTransactionResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import io.sluice.protocol.record.RecordBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local transactions (COMMIT_TRANSACTION): checks each commit against the limits, runs the commits
 * of one producer one after the other ({@link CommitTask} does the steps), applies at start every
 * transaction the journal has decided but not completed, and deletes journal segments no longer
 * needed. See {@code docs/transactions.md}.
 *
 * <p>Thread-safe. {@link #commit} is called on the connection's event loop and never blocks; disk
 * work runs on the storage pool.
 */
public final class TransactionCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);
    private static final long RECOVERY_TIMEOUT_MS = 5 * 60 * 1000L;
    private static final long CLOSE_WAIT_MS = 10_000;

    private final TransactionConfig config;
    private final TransactionJournal journal;
    private final Clock clock;
    private final Executor storage;
    private final ScheduledExecutorService scheduler;
    private final TopicManager topics;
    private final PartitionManager partitions;
    private final DeliveryService delivery;
    private final CommitApplier applier;
    /** The last commit of each producer, so that a producer's commits run one at a time. */
    private final Map<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    private ScheduledFuture<?> cleaner;
    /** Set by close; read by the event loops. */
    private volatile boolean closed;

    private TransactionCoordinator(
            TransactionConfig config,
            TransactionJournal journal,
            Clock clock,
            Executor storage,
            ScheduledExecutorService scheduler,
            TopicManager topics,
            PartitionManager partitions,
            DeliveryService delivery) {
        this.config = config;
        this.journal = journal;
        this.clock = clock;
        this.scheduler = scheduler;
        this.topics = topics;
        this.partitions = partitions;
        this.delivery = delivery;
        this.applier = new CommitApplier(partitions, delivery);
        // Disk steps run on the storage pool; while it shuts down they run where they are, so that
        // no commit is left without an answer.
        this.storage = task -> {
            try {
                storage.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }

    /**
     * Opens the journal under {@code dataDir/transactions}, applies every decided transaction that
     * is not complete (blocking) and starts cleaning the journal. Call after the partitions and the
     * delivery engine have recovered and before the server accepts connections.
     */
    public static TransactionCoordinator start(
            TransactionConfig config,
            Path dataDir,
            Clock clock,
            Executor storage,
            ScheduledExecutorService scheduler,
            TopicManager topics,
            PartitionManager partitions,
            DeliveryService delivery) {
        TransactionJournal journal =
                TransactionJournal.open(dataDir.resolve("transactions"), config.logSegmentBytes(), clock);
        try {
            TransactionCoordinator c = new TransactionCoordinator(
                    config, journal, clock, storage, scheduler, topics, partitions, delivery);
            c.recover();
            c.cleaner = scheduler.scheduleWithFixedDelay(
                    () -> c.storage.execute(c::cleanQuietly),
                    config.cleanIntervalMs(),
                    config.cleanIntervalMs(),
                    TimeUnit.MILLISECONDS);
            return c;
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    // ---- collaborators for CommitTask ----

    TransactionJournal journal() {
        return journal;
    }

    Clock clock() {
        return clock;
    }

    Executor storage() {
        return storage;
    }

    TopicManager topics() {
        return topics;
    }

    PartitionManager partitions() {
        return partitions;
    }

    DeliveryService delivery() {
        return delivery;
    }

    CommitApplier applier() {
        return applier;
    }

    // ---- COMMIT_TRANSACTION ----

    /**
     * Commits a transaction for the connection of {@code session}; call on its event loop. Checks
     * the request and the limits at once (throwing), then queues the commit behind the producer's
     * previous one.
     *
     * @return completes with the answer, or fails with the error to send (REQUEST_TIMED_OUT after
     *     {@code timeoutMs}, while the commit goes on)
     */
    public CompletableFuture<CommitTransactionResponse> commit(DeliverySession session, CommitTransactionRequest r) {
        if (closed) {
            throw new SluiceProtocolException(ErrorCode.BROKER_SHUTTING_DOWN, "the broker is shutting down");
        }
        validate(r);
        checkLimits(r);
        if (r.topics().isEmpty() && r.acks().isEmpty()) {
            return CompletableFuture.completedFuture(new CommitTransactionResponse(false, List.of()));
        }
        // The batches are slices of the request frame, which is released once the answer is sent;
        // the commit may go on after a time-out, so it keeps them alive until it is done.
        r.topics().forEach(t -> t.partitions().forEach(p -> p.records().retain()));
        CommitTask task = new CommitTask(this, session, r);
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(r.producerId(), done);
        Runnable start = () -> {
            try {
                session.eventLoop().execute(task::start);
            } catch (RuntimeException e) {
                task.outcome()
                        .completeExceptionally(new SluiceProtocolException(
                                ErrorCode.BROKER_SHUTTING_DOWN, "the connection's event loop has stopped"));
            }
        };
        task.outcome().whenComplete((response, e) -> {
            r.topics().forEach(t -> t.partitions().forEach(p -> p.records().release()));
            tails.remove(r.producerId(), done);
            done.complete(null);
        });
        if (previous == null) {
            start.run();
        } else {
            previous.whenComplete((v, e) -> start.run());
        }
        return withTimeout(task.outcome(), r.timeoutMs());
    }

    private static void validate(CommitTransactionRequest r) {
        if (r.producerId() < 0 || r.producerEpoch() < 0) {
            throw invalid("a transaction needs the id and epoch of an idempotent producer (INIT_PRODUCER_ID), got "
                    + r.producerId() + " epoch " + r.producerEpoch());
        }
        if (r.transactionNumber() < 0) {
            throw invalid("transactionNumber must be >= 0, was " + r.transactionNumber());
        }
        if (r.timeoutMs() <= 0) {
            throw invalid("timeoutMs must be > 0, was " + r.timeoutMs());
        }
        Set<String> seen = new HashSet<>();
        for (ProduceRequest.TopicData t : r.topics()) {
            for (ProduceRequest.PartitionData p : t.partitions()) {
                if (!seen.add(t.topic() + "\u0000" + p.partition())) {
                    throw invalid("partition " + p.partition() + " of '" + t.topic()
                            + "' appears twice in the transaction; send its batches together");
                }
                if (!p.records().isReadable()) {
                    throw invalid("no record batch for partition " + p.partition() + " of '" + t.topic() + "'");
                }
            }
        }
    }

    /** Enforces transaction.max.bytes and transaction.max.messages before anything is written. */
    private void checkLimits(CommitTransactionRequest r) {
        long bytes = 0;
        long messages = 0;
        for (ProduceRequest.TopicData t : r.topics()) {
            for (ProduceRequest.PartitionData p : t.partitions()) {
                bytes += p.records().readableBytes();
                messages += recordCount(p.records());
            }
        }
        for (AckRequest.Range a : r.acks()) {
            messages += Math.min(config.maxMessages() + 1L, a.lastDeliveryId() - a.firstDeliveryId() + 1);
        }
        if (bytes > config.maxBytes()) {
            throw new SluiceProtocolException(
                    ErrorCode.TRANSACTION_TOO_LARGE,
                    "the transaction sends " + bytes + " bytes of record batches; transaction.max.bytes is "
                            + config.maxBytes());
        }
        if (messages > config.maxMessages()) {
            throw new SluiceProtocolException(
                    ErrorCode.TRANSACTION_TOO_LARGE,
                    "the transaction sends and acknowledges " + messages
                            + " messages in all; transaction.max.messages is " + config.maxMessages());
        }
    }

    /** Records in the batches, from their headers (a malformed batch is CORRUPT_RECORD). */
    private static long recordCount(io.netty.buffer.ByteBuf records) {
        io.netty.buffer.ByteBuf in = records.duplicate();
        long count = 0;
        while (in.isReadable()) {
            count += Math.max(0, RecordBatch.readFrom(in, Integer.MAX_VALUE).recordCount());
        }
        return count;
    }

    private CompletableFuture<CommitTransactionResponse> withTimeout(
            CompletableFuture<CommitTransactionResponse> outcome, int timeoutMs) {
        CompletableFuture<CommitTransactionResponse> response = new CompletableFuture<>();
        ScheduledFuture<?> timer;
        try {
            timer = scheduler.schedule(
                    () -> response.completeExceptionally(new TimeoutException("the transaction did not complete within "
                            + timeoutMs + " ms; its outcome is unknown: send the same commit again")),
                    timeoutMs,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            timer = null;
        }
        ScheduledFuture<?> t = timer;
        outcome.whenComplete((v, e) -> {
            if (t != null) {
                t.cancel(false);
            }
            if (e != null) {
                response.completeExceptionally(e);
            } else {
                response.complete(v);
            }
        });
        return response;
    }

    // ---- recovery and cleaning ----

    /** Applies every decided transaction the journal holds without DONE, in journal order. */
    private void recover() {
        TransactionJournal.Replayed replayed = journal.replay(clock.millis() - config.outcomeRetentionMs());
        Map<Long, CommitRecord> pending = replayed.pending();
        if (pending.isEmpty()) {
            log.info(
                    "Transaction journal: {} entries read, nothing to apply, {} outcomes remembered",
                    replayed.entries(),
                    journal.outcomes().size());
            return;
        }
        long[] offsets = new long[pending.size()];
        int i = 0;
        for (Map.Entry<Long, CommitRecord> e : pending.entrySet()) {
            CommitRecord commit = e.getValue();
            log.info(
                    "Applying {} (journal offset {}) again: it was decided before the broker stopped",
                    commit,
                    e.getKey());
            await(applier.appendAll(commit), commit);
            await(applier.acknowledgeRecovered(commit), commit);
            offsets[i++] = e.getKey();
        }
        journal.appendDone(offsets);
        await(journal.awaitDurable(journal.endOffset() - 1), "the DONE entry");
        log.info("Applied {} transactions recovered from the journal", offsets.length);
    }

    private static void await(CompletableFuture<?> f, Object what) {
        try {
            f.get(RECOVERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying " + what, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "cannot apply " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("applying " + what + " took longer than " + RECOVERY_TIMEOUT_MS + " ms", e);
        }
    }

    /** Deletes journal segments no open transaction needs; returns how many. Blocks. */
    int cleanNow() {
        return journal.clean(clock.millis() - config.outcomeRetentionMs());
    }

    private void cleanQuietly() {
        if (closed) {
            return;
        }
        try {
            int deleted = cleanNow();
            if (deleted > 0) {
                log.debug("Deleted {} transaction journal segments", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("Cleaning the transaction journal failed; it is tried again later", e);
        }
    }

    /** Waits (bounded) for commits under way, then closes the journal. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cleaner != null) {
            cleaner.cancel(false);
        }
        try {
            CompletableFuture.allOf(tails.values().toArray(CompletableFuture[]::new))
                    .get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Commits still under way at shutdown; the next start applies those that were decided");
        }
        journal.close();
    }

    private static SluiceProtocolException invalid(String message) {
        return new SluiceProtocolException(ErrorCode.INVALID_REQUEST, message);
    }
}
