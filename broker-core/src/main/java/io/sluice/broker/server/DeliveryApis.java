package io.sluice.broker.server;

import io.netty.util.AttributeKey;
import io.sluice.broker.delivery.DeliveryService;
import io.sluice.broker.delivery.DeliverySession;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.CloseConsumerRequest;
import io.sluice.protocol.api.CreateConsumerRequest;
import io.sluice.protocol.api.CreateTemporaryRequest;
import io.sluice.protocol.api.CreateTemporaryResponse;
import io.sluice.protocol.api.DeleteTemporaryRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.FlowRequest;
import io.sluice.protocol.api.ResolveDestinationRequest;
import io.sluice.protocol.api.ResolveDestinationResponse;
import io.sluice.protocol.api.SetClientIdRequest;
import io.sluice.protocol.api.UnsubscribeRequest;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the JMS delivery APIs (13 to 23): SET_CLIENT_ID, RESOLVE_DESTINATION, CREATE_CONSUMER,
 * CLOSE_CONSUMER, FLOW, ACK, UNSUBSCRIBE, BROWSE, CREATE_TEMPORARY and DELETE_TEMPORARY. DELIVER
 * is pushed by the broker. Each handler checks what it can on the event loop and delegates to the
 * {@link DeliveryService}; the connection's delivery state lives in a {@link DeliverySession}
 * attached to its channel on first use.
 *
 * <p>Thread-safe; handlers run on the connection's event loop.
 */
public final class DeliveryApis {
    private static final AttributeKey<DeliverySession> SESSION = AttributeKey.valueOf("sluice.delivery.session");

    private final DeliveryService delivery;
    private final ClientIdRegistry clientIds;

    public DeliveryApis(DeliveryService delivery, ClientIdRegistry clientIds) {
        this.delivery = delivery;
        this.clientIds = clientIds;
    }

    /** The connection's delivery session if it has one (it used a delivery API), else null. Any thread. */
    public static DeliverySession existingSession(io.netty.channel.Channel channel) {
        return channel.attr(SESSION).get();
    }

    /** The connection's delivery session, created on first use. Any thread. */
    public DeliverySession session(RequestContext ctx) {
        DeliverySession session = ctx.channel().attr(SESSION).get();
        if (session == null) {
            synchronized (ctx.channel()) {
                session = ctx.channel().attr(SESSION).get();
                if (session == null) {
                    session = delivery.openSession(ctx.connectionId(), ctx.channel(), ctx.clientId());
                    ctx.channel().attr(SESSION).set(session);
                }
            }
        }
        return session;
    }

    public void registerWith(RequestRouter router) {
        router.register(ApiKey.SET_CLIENT_ID, SetClientIdRequest::read, this::setClientId)
                .register(ApiKey.RESOLVE_DESTINATION, ResolveDestinationRequest::read, (ctx, r) -> delivery.resolve(
                                r.name(), r.kind(), r.autoCreate())
                        .thenApply(d -> new ResolveDestinationResponse(
                                d.kind(), d.topic().partitions(), d.created())))
                .register(ApiKey.CREATE_CONSUMER, CreateConsumerRequest::read, (ctx, r) -> delivery.createConsumer(
                                session(ctx), r)
                        .thenApply(v -> Empty.INSTANCE))
                .register(ApiKey.CLOSE_CONSUMER, CloseConsumerRequest::read, (ctx, r) -> delivery.closeConsumer(
                                session(ctx), r.consumerId())
                        .thenApply(v -> Empty.INSTANCE))
                .register(ApiKey.FLOW, FlowRequest::read, (ctx, r) -> delivery.flow(session(ctx), r))
                .register(ApiKey.ACK, AckRequest::read, (ctx, r) -> delivery.ack(session(ctx), r, !ctx.oneWay())
                        .thenApply(v -> Empty.INSTANCE))
                .register(ApiKey.UNSUBSCRIBE, UnsubscribeRequest::read, (ctx, r) -> delivery.unsubscribe(
                                session(ctx), r.subscriptionName())
                        .thenApply(v -> Empty.INSTANCE))
                .register(ApiKey.BROWSE, BrowseRequest::read, (ctx, r) -> delivery.browse(r)
                        .thenApply(page -> new OwnedResponse(page.response(), page.buffers())))
                .register(ApiKey.CREATE_TEMPORARY, CreateTemporaryRequest::read, (ctx, r) -> delivery.createTemporary(
                                session(ctx), r.kind())
                        .thenApply(CreateTemporaryResponse::new))
                .register(ApiKey.DELETE_TEMPORARY, DeleteTemporaryRequest::read, (ctx, r) -> delivery.deleteTemporary(
                                session(ctx), r.name())
                        .thenApply(v -> Empty.INSTANCE));
    }

    /**
     * SET_CLIENT_ID: once per connection, before it creates consumers or temporary destinations;
     * unique among live connections (released when the connection closes).
     */
    private CompletableFuture<Empty> setClientId(RequestContext ctx, SetClientIdRequest r) {
        DeliverySession session = session(ctx);
        if (session.clientId() != null) {
            throw new SluiceProtocolException(
                    ErrorCode.ILLEGAL_STATE, "this connection already has client id '" + session.clientId() + "'");
        }
        if (session.isUsed()) {
            throw new SluiceProtocolException(
                    ErrorCode.ILLEGAL_STATE,
                    "the client id must be set before consumers or temporary destinations are created");
        }
        clientIds.claim(r.clientId(), ctx.connectionId());
        session.setClientId(r.clientId());
        String claimed = r.clientId();
        ctx.channel().closeFuture().addListener(f -> clientIds.release(claimed, ctx.connectionId()));
        return CompletableFuture.completedFuture(Empty.INSTANCE);
    }
}
