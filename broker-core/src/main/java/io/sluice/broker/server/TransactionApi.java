package io.sluice.broker.server;

import io.sluice.broker.log.DiskSpaceMonitor;
import io.sluice.broker.log.RecordLimits;
import io.sluice.broker.log.StorageFullException;
import io.sluice.broker.security.Authorizer;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicManager;
import io.sluice.broker.txn.TransactionCoordinator;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.CommitTransactionResponse;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.ProduceRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Serves COMMIT_TRANSACTION: hands the request, with the connection's delivery session (whose
 * deliveries the transaction acknowledges), to the {@link TransactionCoordinator}. Rolling back
 * needs no API of its own: the client releases the consumed deliveries with ACK RELEASE.
 *
 * <p>Everything that would refuse one of the transaction's sends is checked before the
 * transaction is journaled, because once journaled it must apply: the produce permission on every
 * destination (or its ownership, for a temporary one), the topics' record limits, and the disk
 * reserve. A refusal answers the whole request (AUTHORIZATION_FAILED, RECORD_TOO_LARGE,
 * STORAGE_FULL, ...) and nothing of the transaction takes effect.
 *
 * <p>Thread-safe; the handler runs on the connection's event loop.
 */
public final class TransactionApi {
    private final TransactionCoordinator transactions;
    private final DeliveryApis deliveryApis;
    private final TopicManager topics;
    private final Authorizer authorizer;
    private final DiskSpaceMonitor disk;
    private final int maxBatchBytes;

    public TransactionApi(
            TransactionCoordinator transactions,
            DeliveryApis deliveryApis,
            TopicManager topics,
            Authorizer authorizer,
            DiskSpaceMonitor disk,
            int maxBatchBytes) {
        this.transactions = transactions;
        this.deliveryApis = deliveryApis;
        this.topics = topics;
        this.authorizer = authorizer;
        this.disk = disk;
        this.maxBatchBytes = maxBatchBytes;
    }

    public void registerWith(RequestRouter router) {
        router.register(ApiKey.COMMIT_TRANSACTION, CommitTransactionRequest::read, this::commit);
    }

    private CompletableFuture<CommitTransactionResponse> commit(RequestContext ctx, CommitTransactionRequest r) {
        long bytes = 0;
        for (ProduceRequest.TopicData t : r.topics()) {
            if (!authorizer.isAllowed(ctx.principal(), Permission.PRODUCE, t.topic())
                    && !deliveryApis.ownsTemporary(ctx, t.topic())) {
                throw authorizer.denied(ctx.principal(), Permission.PRODUCE, t.topic());
            }
            Topic topic = topics.topic(t.topic()).orElse(null);
            for (ProduceRequest.PartitionData p : t.partitions()) {
                if (topic != null) {
                    new RecordLimits(
                                    topic.config().maxRecordBytes(),
                                    topic.config().maxRecordHeaders())
                            .check(p.records(), maxBatchBytes);
                }
                bytes += p.records().readableBytes();
            }
        }
        // The sends are written twice: in the transaction journal and in their partitions.
        if (bytes > 0 && !disk.tryReserve(2 * bytes)) {
            throw new StorageFullException(disk.describe());
        }
        return transactions.commit(deliveryApis.session(ctx), r);
    }
}
