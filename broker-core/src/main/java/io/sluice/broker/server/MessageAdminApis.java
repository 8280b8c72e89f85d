package io.sluice.broker.server;

import io.sluice.broker.delivery.DeliveryAdmin;
import io.sluice.broker.security.Authorizer;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CountResponse;
import io.sluice.protocol.api.DeleteMessagesRequest;
import io.sluice.protocol.api.DeleteSubscriptionRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.InspectMessagesRequest;
import io.sluice.protocol.api.ListSubscriptionsRequest;
import io.sluice.protocol.api.ListSubscriptionsResponse;
import io.sluice.protocol.api.MoveMessagesRequest;
import io.sluice.protocol.api.PurgeQueueRequest;
import io.sluice.protocol.api.RedriveMessagesRequest;

/**
 * Serves the operations APIs on subscriptions and messages: LIST_SUBSCRIPTIONS,
 * DELETE_SUBSCRIPTION, PURGE_QUEUE, INSPECT_MESSAGES, DELETE_MESSAGES, MOVE_MESSAGES and
 * REDRIVE_MESSAGES. Every one needs the admin role; the work is the {@link DeliveryAdmin}'s.
 *
 * <p>Thread-safe; handlers run on the connection's event loop and only start work.
 */
public final class MessageAdminApis {
    private final DeliveryAdmin admin;
    private final Authorizer authorizer;

    public MessageAdminApis(DeliveryAdmin admin, Authorizer authorizer) {
        this.admin = admin;
        this.authorizer = authorizer;
    }

    public void registerWith(RequestRouter router) {
        router.register(ApiKey.LIST_SUBSCRIPTIONS, ListSubscriptionsRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "list subscriptions");
                    return admin.subscriptions(r.topic()).thenApply(ListSubscriptionsResponse::new);
                })
                .register(ApiKey.DELETE_SUBSCRIPTION, DeleteSubscriptionRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "delete subscriptions");
                    return admin.deleteSubscription(r.subscriptionId()).thenApply(v -> Empty.INSTANCE);
                })
                .register(ApiKey.PURGE_QUEUE, PurgeQueueRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "purge queues");
                    return admin.purge(r.topic()).thenApply(CountResponse::new);
                })
                .register(ApiKey.INSPECT_MESSAGES, InspectMessagesRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "inspect messages");
                    return admin.inspect(r).thenApply(page -> new OwnedResponse(page.response(), page.buffers()));
                })
                .register(ApiKey.DELETE_MESSAGES, DeleteMessagesRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "delete messages");
                    return admin.delete(r);
                })
                .register(ApiKey.MOVE_MESSAGES, MoveMessagesRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), r.copy() ? "copy messages" : "move messages");
                    return admin.move(r);
                })
                .register(ApiKey.REDRIVE_MESSAGES, RedriveMessagesRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "redrive messages");
                    return admin.redrive(r);
                });
    }
}
