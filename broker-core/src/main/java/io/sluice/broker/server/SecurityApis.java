package io.sluice.broker.server;

import io.sluice.broker.security.Authenticator;
import io.sluice.broker.security.Authorizer;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ChangePasswordRequest;
import io.sluice.protocol.api.CreateUserRequest;
import io.sluice.protocol.api.DeleteUserRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.GrantRequest;
import io.sluice.protocol.api.ListGrantsRequest;
import io.sluice.protocol.api.ListGrantsResponse;
import io.sluice.protocol.api.ListUsersRequest;
import io.sluice.protocol.api.ListUsersResponse;
import io.sluice.protocol.api.RevokeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the security administration APIs: CREATE_USER, LIST_USERS, DELETE_USER, CHANGE_PASSWORD,
 * GRANT, REVOKE and LIST_GRANTS. All need the admin role, except that any user may change its own
 * password with the current one. The role is checked on the event loop; the work (JDBC, password
 * hashing) runs on the metadata executor, and a change is durable and in force for every
 * connection before it is answered.
 *
 * <p>Thread-safe.
 */
public final class SecurityApis {
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final BrokerExecutors executors;

    public SecurityApis(Authenticator authenticator, Authorizer authorizer, BrokerExecutors executors) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.executors = executors;
    }

    public void registerWith(RequestRouter router) {
        router.register(ApiKey.CREATE_USER, CreateUserRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "create users");
                    return executors.onMetadata(() -> {
                        authenticator.createUser(r.username(), r.password(), r.roles());
                        return Empty.INSTANCE;
                    });
                })
                .register(ApiKey.LIST_USERS, ListUsersRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "list users");
                    return executors.onMetadata(() -> listUsers(r));
                })
                .register(ApiKey.DELETE_USER, DeleteUserRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "delete users");
                    return executors.onMetadata(() -> {
                        authenticator.deleteUser(r.username());
                        return Empty.INSTANCE;
                    });
                })
                .register(ApiKey.CHANGE_PASSWORD, ChangePasswordRequest::read, (ctx, r) -> {
                    boolean admin = authorizer.isAdmin(ctx.principal());
                    return executors.onMetadata(() -> {
                        authenticator.changePassword(
                                ctx.principal(), admin, r.username(), r.currentPassword(), r.newPassword());
                        return Empty.INSTANCE;
                    });
                })
                .register(ApiKey.GRANT, GrantRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "grant permissions");
                    return executors.onMetadata(() -> {
                        authorizer.grant(r.principalType(), r.principal(), r.pattern(), r.permissions());
                        return Empty.INSTANCE;
                    });
                })
                .register(ApiKey.REVOKE, RevokeRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "revoke permissions");
                    return executors.onMetadata(() -> {
                        authorizer.revoke(r.principalType(), r.principal(), r.pattern(), r.permissions());
                        return Empty.INSTANCE;
                    });
                })
                .register(ApiKey.LIST_GRANTS, ListGrantsRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "list grants");
                    return CompletableFuture.completedFuture(listGrants(r));
                });
    }

    private ListUsersResponse listUsers(ListUsersRequest request) {
        List<ListUsersResponse.User> users = new ArrayList<>();
        authenticator
                .listUsers(request.prefix())
                .forEach((name, roles) -> users.add(new ListUsersResponse.User(name, roles)));
        return new ListUsersResponse(users);
    }

    private ListGrantsResponse listGrants(ListGrantsRequest request) {
        return new ListGrantsResponse(authorizer.list(request.principalType(), request.principal()).stream()
                .map(g -> new ListGrantsResponse.Grant(g.principalType(), g.principal(), g.pattern(), g.permissions()))
                .toList());
    }
}
