package io.sluice.broker.server;

import io.sluice.broker.txn.TransactionCoordinator;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CommitTransactionRequest;

/**
 * Serves COMMIT_TRANSACTION: hands the request, with the connection's delivery session (whose
 * deliveries the transaction acknowledges), to the {@link TransactionCoordinator}. Rolling back
 * needs no API of its own: the client releases the consumed deliveries with ACK RELEASE.
 *
 * <p>Thread-safe; the handler runs on the connection's event loop.
 */
public final class TransactionApi {
    private final TransactionCoordinator transactions;
    private final DeliveryApis deliveryApis;

    public TransactionApi(TransactionCoordinator transactions, DeliveryApis deliveryApis) {
        this.transactions = transactions;
        this.deliveryApis = deliveryApis;
    }

    public void registerWith(RequestRouter router) {
        router.register(
                ApiKey.COMMIT_TRANSACTION,
                CommitTransactionRequest::read,
                (ctx, r) -> transactions.commit(deliveryApis.session(ctx), r));
    }
}
