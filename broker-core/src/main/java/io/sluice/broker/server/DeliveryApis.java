package io.sluice.broker.server;

import io.netty.util.AttributeKey;
import io.sluice.broker.delivery.DeliveryService;
import io.sluice.broker.delivery.DeliverySession;
import io.sluice.broker.security.Authorizer;
import io.sluice.broker.topic.TopicManager;
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
import io.sluice.protocol.api.Permission;
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
 * <p>Access (with security on): CREATE_CONSUMER needs consume on the destination, BROWSE browse,
 * UNSUBSCRIBE consume on the subscription's topic, RESOLVE_DESTINATION some permission (create
 * when the destination is created on first use, which CREATE_CONSUMER with autoCreate needs as
 * well), CREATE_TEMPORARY create on {@code _temp.q} or {@code _temp.t}. A connection needs no
 * permission for the temporary destinations it created; only it may consume from them or delete
 * them (checked by the delivery engine). CLOSE_CONSUMER, FLOW and ACK act on what the connection
 * already holds.
 *
 * <p>Limits per connection: {@code maxConsumers} consumers and {@code maxTemporaries} temporary
 * destinations (RESOURCE_LIMIT_EXCEEDED beyond); the broker has no session concept, so these
 * stand where other brokers limit sessions.
 *
 * <p>Thread-safe; handlers run on the connection's event loop.
 */
public final class DeliveryApis {
    private static final AttributeKey<DeliverySession> SESSION = AttributeKey.valueOf("sluice.delivery.session");
    /** Temporary destinations being created on a connection; the array is touched on its event loop only. */
    private static final AttributeKey<int[]> CREATING_TEMPORARIES =
            AttributeKey.valueOf("sluice.delivery.creatingTemporaries");

    private final DeliveryService delivery;
    private final ClientIdRegistry clientIds;
    private final TopicManager topics;
    private final Authorizer authorizer;
    private final int maxConsumers;
    private final int maxTemporaries;

    /**
     * @param maxConsumers consumers a connection may have (or be creating)
     * @param maxTemporaries temporary destinations a connection may own (or be creating)
     */
    public DeliveryApis(
            DeliveryService delivery,
            ClientIdRegistry clientIds,
            TopicManager topics,
            Authorizer authorizer,
            int maxConsumers,
            int maxTemporaries) {
        this.delivery = delivery;
        this.clientIds = clientIds;
        this.topics = topics;
        this.authorizer = authorizer;
        this.maxConsumers = maxConsumers;
        this.maxTemporaries = maxTemporaries;
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
                .register(ApiKey.RESOLVE_DESTINATION, ResolveDestinationRequest::read, (ctx, r) -> {
                    checkLookupOrCreate(ctx, r.name(), r.autoCreate());
                    return delivery.resolve(r.name(), r.kind(), r.autoCreate())
                            .thenApply(d -> new ResolveDestinationResponse(
                                    d.kind(), d.topic().partitions(), d.created()));
                })
                .register(ApiKey.CREATE_CONSUMER, CreateConsumerRequest::read, (ctx, r) -> {
                    checkOnDestination(ctx, Permission.CONSUME, r.topic());
                    if (r.autoCreate() && !isOwnTemporary(ctx, r.topic())) {
                        checkLookupOrCreate(ctx, r.topic(), true);
                    }
                    DeliverySession session = session(ctx);
                    if (session.consumerCount() >= maxConsumers) {
                        throw new SluiceProtocolException(
                                ErrorCode.RESOURCE_LIMIT_EXCEEDED,
                                "this connection already has " + session.consumerCount() + " consumers, the most"
                                        + " one connection may have (connection.max.consumers); close some first");
                    }
                    return delivery.createConsumer(session, r).thenApply(v -> Empty.INSTANCE);
                })
                .register(ApiKey.CLOSE_CONSUMER, CloseConsumerRequest::read, (ctx, r) -> delivery.closeConsumer(
                                session(ctx), r.consumerId())
                        .thenApply(v -> Empty.INSTANCE))
                .register(ApiKey.FLOW, FlowRequest::read, (ctx, r) -> delivery.flow(session(ctx), r))
                .register(ApiKey.ACK, AckRequest::read, (ctx, r) -> delivery.ack(session(ctx), r, !ctx.oneWay())
                        .thenApply(v -> Empty.INSTANCE))
                .register(ApiKey.UNSUBSCRIBE, UnsubscribeRequest::read, (ctx, r) -> delivery.unsubscribe(
                                session(ctx),
                                r.subscriptionName(),
                                topic -> authorizer.require(ctx.principal(), Permission.CONSUME, topic))
                        .thenApply(v -> Empty.INSTANCE))
                .register(ApiKey.BROWSE, BrowseRequest::read, (ctx, r) -> {
                    checkOnDestination(ctx, Permission.BROWSE, r.topic());
                    return delivery.browse(r).thenApply(page -> new OwnedResponse(page.response(), page.buffers()));
                })
                .register(ApiKey.CREATE_TEMPORARY, CreateTemporaryRequest::read, (ctx, r) -> {
                    if (r.kind().isTemporary()) {
                        authorizer.require(
                                ctx.principal(),
                                Permission.CREATE,
                                DeliveryService.TEMPORARY_PREFIX + (r.kind().isQueue() ? "q" : "t"));
                    }
                    return createTemporary(ctx, r);
                })
                .register(ApiKey.DELETE_TEMPORARY, DeleteTemporaryRequest::read, (ctx, r) -> delivery.deleteTemporary(
                                session(ctx), r.name())
                        .thenApply(v -> Empty.INSTANCE));
    }

    /** CREATE_TEMPORARY within the connection's limit, counting creations still under way. */
    private CompletableFuture<CreateTemporaryResponse> createTemporary(RequestContext ctx, CreateTemporaryRequest r) {
        DeliverySession session = session(ctx);
        int[] pending = ctx.channel().attr(CREATING_TEMPORARIES).get();
        if (pending == null) {
            pending = new int[1];
            ctx.channel().attr(CREATING_TEMPORARIES).set(pending);
        }
        if (session.temporaryCount() + pending[0] >= maxTemporaries) {
            throw new SluiceProtocolException(
                    ErrorCode.RESOURCE_LIMIT_EXCEEDED,
                    "this connection already owns " + (session.temporaryCount() + pending[0])
                            + " temporary destinations, the most one connection may have"
                            + " (connection.max.temporaries); delete some first");
        }
        CompletableFuture<String> created = delivery.createTemporary(session, r.kind(), r.name());
        pending[0]++;
        int[] counter = pending;
        return created.whenComplete((name, e) -> {
                    if (ctx.channel().eventLoop().inEventLoop()) {
                        counter[0]--;
                    } else {
                        ctx.channel().eventLoop().execute(() -> counter[0]--);
                    }
                })
                .thenApply(CreateTemporaryResponse::new);
    }

    /**
     * A connection may do anything with the temporary destinations it created; everything else
     * needs {@code permission} on the destination's name.
     */
    private void checkOnDestination(RequestContext ctx, Permission permission, String name) {
        if (!isOwnTemporary(ctx, name)) {
            authorizer.require(ctx.principal(), permission, name);
        }
    }

    /**
     * Looking a destination up needs some permission on it; one that does not exist yet and is to
     * be created on first use needs the create permission.
     */
    private void checkLookupOrCreate(RequestContext ctx, String name, boolean autoCreate) {
        if (isOwnTemporary(ctx, name)) {
            return;
        }
        if (autoCreate && topics.topic(name).isEmpty()) {
            authorizer.require(ctx.principal(), Permission.CREATE, name);
        } else {
            authorizer.requireAny(ctx.principal(), name);
        }
    }

    private boolean isOwnTemporary(RequestContext ctx, String name) {
        return name != null
                && name.startsWith(DeliveryService.TEMPORARY_PREFIX)
                && session(ctx).ownsTemporary(name);
    }

    /**
     * Whether the connection created the temporary destination {@code name} (it needs no
     * permission for it). Does not open a delivery session. On the connection's event loop.
     */
    public boolean ownsTemporary(RequestContext ctx, String name) {
        if (name == null || !name.startsWith(DeliveryService.TEMPORARY_PREFIX)) {
            return false;
        }
        DeliverySession session = ctx.channel().attr(SESSION).get();
        return session != null && session.ownsTemporary(name);
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
