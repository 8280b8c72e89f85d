package io.sluice.jms;

import io.sluice.client.ConnectionListener;
import io.sluice.client.ProducerRecord;
import io.sluice.client.RecordHeader;
import io.sluice.client.SluiceClientException;
import io.sluice.client.TopicPartition;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.error.ErrorCode;
import jakarta.jms.JMSException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.TransactionRolledBackException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The open local transaction of a transacted session (docs/transactions.md, "What a client must
 * do"): its sends are buffered here, invisible to every consumer, and the delivery ids of the
 * messages it consumed are recorded; {@link #commit} sends all of it in one COMMIT_TRANSACTION
 * through the session's own idempotent producer identity ({@link TransactionProducer}) and resends
 * the identical request while the outcome is unknown ({@link CommitAttempts}); {@link #rollback}
 * drops the sends and hands the consumed deliveries to the session to be released.
 *
 * <p>Outcomes of {@code commit()}:
 *
 * <pre>
 * answer                               the transaction           thrown
 * success (also duplicate = true)      committed                 -
 * TRANSACTION_TOO_LARGE                stays open                ResourceAllocationException
 * AUTHORIZATION_FAILED                 rolled back               JMSSecurityException
 * STORAGE_FULL                         rolled back               TransactionRolledBackException, cause ResourceAllocationException
 * any other refusal                    rolled back               TransactionRolledBackException, cause the mapped exception
 * connection lost while open           rolled back               TransactionRolledBackException
 * outcome still unknown at the end     neither known: abandoned  JMSException (errorCode TRANSACTION_OUTCOME_UNKNOWN)
 * </pre>
 *
 * <p>A connection loss while the transaction holds anything marks it rollback-only (through the
 * client's {@link ConnectionListener}): the deliveries it consumed went back to the broker with the
 * connection, so committing it could only half-apply.
 *
 * <p>Thread-safe: state guarded by this object's monitor; the network calls of a commit run outside
 * it on a snapshot, so the session's listener thread never waits for a commit in progress.
 */
final class SessionTransaction {
    /** The errorCode of the exception thrown when a commit's outcome stays unknown. */
    static final String OUTCOME_UNKNOWN_CODE = "TRANSACTION_OUTCOME_UNKNOWN";

    /** How much longer than the broker's own timeout an attempt waits for the broker's answer. */
    static final long ANSWER_GRACE_MS = 2000;

    /** What the session does with deliveries a rollback gives back: release them (ACK RELEASE). */
    interface Releaser {
        void release(DeliveryIds consumed) throws JMSException;
    }

    /** One transaction's content, taken out of the session when it ends. */
    private static final class Content {
        final Map<TopicPartition, List<ProducerRecord>> sends = new LinkedHashMap<>();
        final DeliveryIds consumed = new DeliveryIds();
        final List<CompletableFuture<Void>> completions = new ArrayList<>();
        int sendCount;
        long sendBytes;

        boolean isEmpty() {
            return sendCount == 0 && consumed.isEmpty();
        }

        void fail(Throwable cause) {
            completions.forEach(f -> f.completeExceptionally(cause));
        }
    }

    private final SluiceConnection connection;
    private final Releaser releaser;
    private final Clock clock;
    private final TransactionProducer producer = new TransactionProducer();
    private final ConnectionListener connectionListener = new ConnectionListener() {
        @Override
        public void onConnectionLost(SluiceClientException cause) {
            markRollbackOnly("the connection to the broker was lost while the transaction was open ("
                    + cause.getMessage() + "); the messages it consumed went back to the broker");
        }
    };

    // Guarded by this.
    private Content open = new Content();
    private String rollbackOnlyReason;

    SessionTransaction(SluiceConnection connection, Releaser releaser, Clock clock) {
        this.connection = connection;
        this.releaser = releaser;
        this.clock = clock;
        connection.channel().client().addConnectionListener(connectionListener);
    }

    // ---- while the transaction is open

    /**
     * Buffers a send until commit.
     *
     * @param completion completed when the transaction commits, failed when it does not (null for a
     *     send without CompletionListener)
     * @throws ResourceAllocationException if the send would take the transaction beyond {@code
     *     transactionMaxMessages} or {@code transactionMaxBytes}; the transaction stays open without it
     */
    synchronized void send(ProducerRecord record, CompletableFuture<Void> completion)
            throws ResourceAllocationException {
        long bytes = approximateBytes(record);
        ConnectionSettings s = connection.settings();
        if (open.sendCount + open.consumed.size() + 1L > s.transactionMaxMessages()) {
            throw tooLarge("the transaction would hold more than transactionMaxMessages = " + s.transactionMaxMessages()
                    + " messages (sent plus consumed)");
        }
        if (open.sendBytes + bytes > s.transactionMaxBytes()) {
            throw tooLarge("the transaction would send more than transactionMaxBytes = " + s.transactionMaxBytes()
                    + " bytes (this message: about " + bytes + " bytes)");
        }
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        open.sends.computeIfAbsent(tp, k -> new ArrayList<>()).add(record);
        open.sendCount++;
        open.sendBytes += bytes;
        if (completion != null) {
            open.completions.add(completion);
        }
    }

    /** A consumed message becomes part of the transaction. */
    synchronized void consumed(long deliveryId) {
        open.consumed.add(deliveryId);
    }

    /** Whether the transaction holds no send and no consumed message. */
    synchronized boolean isEmpty() {
        return open.isEmpty();
    }

    synchronized String rollbackOnlyReason() {
        return rollbackOnlyReason;
    }

    /** The transaction can no longer commit (its connection was lost); only while it holds anything. */
    synchronized void markRollbackOnly(String reason) {
        if (!open.isEmpty() && rollbackOnlyReason == null) {
            rollbackOnlyReason = reason;
        }
    }

    // ---- ending the transaction

    /**
     * Commits the open transaction; see the class comment for the outcomes. A new transaction is
     * open afterwards in every case but TRANSACTION_TOO_LARGE, which leaves this one open.
     */
    void commit() throws JMSException {
        Content txn;
        String rollbackOnly;
        synchronized (this) {
            rollbackOnly = rollbackOnlyReason;
            if (rollbackOnly == null) {
                checkMessageLimit(open);
            }
            txn = open;
            open = new Content();
            rollbackOnlyReason = null;
        }
        if (rollbackOnly != null) {
            throw rolledBack(txn, rolledBackException("the transaction was rolled back: " + rollbackOnly, null));
        }
        if (txn.isEmpty()) {
            txn.completions.forEach(f -> f.complete(null));
            return;
        }
        try {
            connection.checkUsable();
            producer.ensureIdentity(connection.channel());
            checkConsumedOnThisConnection(txn.consumed);
        } catch (JMSException e) {
            throw rolledBack(
                    txn,
                    rolledBackException("the transaction was rolled back before it was sent: " + e.getMessage(), e));
        }
        ConnectionSettings s = connection.settings();
        // The broker gives up on an attempt after this (REQUEST_TIMED_OUT); the client waits a little
        // longer for that answer, and resends until sendTimeoutMs has passed.
        int brokerTimeoutMs = Math.min(s.requestTimeoutMs(), s.sendTimeoutMs());
        CommitTransactionRequest request = producer.request(txn.sends, txn.consumed, brokerTimeoutMs);
        CommitAttempts.Result result;
        try {
            result = new CommitAttempts(connection.channel().client(), clock, ANSWER_GRACE_MS)
                    .run(request, clock.millis() + s.sendTimeoutMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw outcomeUnknown(txn, request, "the thread was interrupted while the commit was being sent", null);
        }
        if (result.isApplied()) {
            producer.committed(txn.sends);
            txn.completions.forEach(f -> f.complete(null));
            return;
        }
        if (result.isRefused()) {
            throw refused(txn, result);
        }
        throw outcomeUnknown(
                txn,
                request,
                "no definitive answer after " + result.attempts() + " attempts within sendTimeoutMs = "
                        + s.sendTimeoutMs() + " ms (last: " + result.unknown() + ")",
                result.failure());
    }

    /**
     * The broker settles only deliveries of the connection it is talking to: messages consumed on a
     * connection lost since (the loss may not have been reported yet) went back with it.
     */
    private void checkConsumedOnThisConnection(DeliveryIds consumed) throws JMSException {
        long epoch = connection.channel().client().connectionEpoch();
        for (AckRequest.Range r : consumed.ranges()) {
            if (Delivery.epochOf(r.firstDeliveryId()) != epoch || Delivery.epochOf(r.lastDeliveryId()) != epoch) {
                throw new JMSException("messages it consumed were delivered on a connection lost since");
            }
        }
    }

    private JMSException refused(Content txn, CommitAttempts.Result result) throws JMSException {
        producer.refused();
        ErrorCode code = result.refusal();
        JMSException mapped = JmsExceptions.from("committing the transaction", result.failure());
        if (code == ErrorCode.TRANSACTION_TOO_LARGE) {
            reopen(txn);
            return JmsExceptions.linked(
                    new ResourceAllocationException(
                            "the transaction is too large for the broker and was not committed; it is still open and"
                                    + " can only be rolled back: " + mapped.getMessage(),
                            code.name()),
                    mapped);
        }
        if (code == ErrorCode.AUTHORIZATION_FAILED) {
            return rolledBack(txn, mapped);
        }
        if (code == ErrorCode.TRANSACTION_ROLLED_BACK) {
            return rolledBack(txn, mapped);
        }
        String why = code == ErrorCode.STORAGE_FULL
                ? "the broker's disk is full; nothing of the transaction was written"
                : "the broker refused the commit";
        return rolledBack(
                txn,
                rolledBackException("the transaction was rolled back: " + why + ": " + mapped.getMessage(), mapped));
    }

    private JMSException outcomeUnknown(Content txn, CommitTransactionRequest request, String why, Throwable cause)
            throws JMSException {
        producer.abandon();
        JMSException e = JmsExceptions.linked(
                new JMSException(
                        "the outcome of the commit (transaction " + request.transactionNumber() + " of producer "
                                + request.producerId() + ") is unknown: " + why
                                + "; it may or may not have been applied. Its consumed messages come back if it was"
                                + " not; the next transaction uses a new producer id",
                        OUTCOME_UNKNOWN_CODE),
                cause);
        txn.fail(e);
        releaseQuietly(txn.consumed);
        return e;
    }

    /** Rolls the open transaction back: drops its sends and releases what it consumed. */
    void rollback() throws JMSException {
        Content txn;
        synchronized (this) {
            txn = open;
            open = new Content();
            rollbackOnlyReason = null;
        }
        txn.fail(rolledBackException("the transaction was rolled back by the application", null));
        releaser.release(txn.consumed);
    }

    /**
     * The session closes: the open transaction is rolled back; its consumed deliveries are returned
     * for the session to release with the rest. The connection listener is removed.
     */
    DeliveryIds close() {
        connection.channel().client().removeConnectionListener(connectionListener);
        Content txn;
        synchronized (this) {
            txn = open;
            open = new Content();
            rollbackOnlyReason = null;
        }
        txn.fail(rolledBackException("the session was closed with the transaction open: it was rolled back", null));
        return txn.consumed;
    }

    // ---- helpers

    private synchronized void reopen(Content txn) {
        Content later = open;
        open = txn;
        later.sends.forEach((tp, records) ->
                open.sends.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(records));
        open.consumed.addAll(later.consumed);
        open.completions.addAll(later.completions);
        open.sendCount += later.sendCount;
        open.sendBytes += later.sendBytes;
    }

    /** Fails the sends, releases the deliveries and returns {@code e} (to be thrown). */
    private JMSException rolledBack(Content txn, JMSException e) {
        txn.fail(e);
        releaseQuietly(txn.consumed);
        return e;
    }

    private void releaseQuietly(DeliveryIds consumed) {
        try {
            releaser.release(consumed);
        } catch (JMSException e) {
            // The connection is gone or going: it releases what it held itself.
        }
    }

    private void checkMessageLimit(Content txn) throws ResourceAllocationException {
        int max = connection.settings().transactionMaxMessages();
        if ((long) txn.sendCount + txn.consumed.size() > max) {
            throw tooLarge("the transaction holds " + txn.sendCount + " sent and " + txn.consumed.size()
                    + " consumed messages, more than transactionMaxMessages = " + max
                    + "; it was not committed, is still open and can only be rolled back");
        }
    }

    private static TransactionRolledBackException rolledBackException(String message, Throwable cause) {
        return JmsExceptions.linked(
                new TransactionRolledBackException(message, ErrorCode.TRANSACTION_ROLLED_BACK.name()), cause);
    }

    private static ResourceAllocationException tooLarge(String message) {
        return new ResourceAllocationException(message, ErrorCode.TRANSACTION_TOO_LARGE.name());
    }

    /** Bytes the record takes in a batch, roughly (a little more than exactly). */
    static long approximateBytes(ProducerRecord r) {
        long bytes = 24;
        bytes += r.key() == null ? 0 : r.key().length;
        bytes += r.value() == null ? 0 : r.value().length;
        for (RecordHeader h : r.headers()) {
            bytes += 8 + h.key().length() * 3L + (h.value() == null ? 0 : h.value().length);
        }
        return bytes;
    }
}
