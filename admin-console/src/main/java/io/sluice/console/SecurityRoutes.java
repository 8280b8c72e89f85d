package io.sluice.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sluice.client.SluiceAdmin;
import io.sluice.protocol.api.ListGrantsResponse.Grant;
import io.sluice.protocol.api.ListUsersResponse.User;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Users and permissions, through the broker's security administration APIs (CREATE_USER,
 * LIST_USERS, DELETE_USER, CHANGE_PASSWORD, GRANT, REVOKE, LIST_GRANTS). The broker decides who
 * may: an operator without the admin role gets its AUTHORIZATION_FAILED as a 403.
 *
 * <pre>
 * GET  /api/users                              [{username, roles}]
 * POST /api/users            {username, password, roles}        201; 409 if the user exists
 * POST /api/users/password   {username, password, currentPassword}
 * POST /api/users/delete     {username}
 * GET  /api/grants?principalType=&amp;principal=  [{principalType, principal, pattern, permissions}]
 * POST /api/grants           {principalType, principal, pattern, permissions}
 * POST /api/grants/revoke    {principalType, principal, pattern, permissions (none: all)}
 * </pre>
 *
 * Usernames travel in bodies, not paths, because they may contain {@code /}.
 *
 * <p>Thread-safe.
 */
final class SecurityRoutes {
    /** The create-user form. */
    record NewUser(String username, String password, List<String> roles) {}

    /** A password change; {@code currentPassword} only when changing one's own without the admin role. */
    record PasswordChange(String username, String password, String currentPassword) {}

    /** Names one user. */
    record UserRef(String username) {}

    /** A grant or revocation. */
    record GrantForm(String principalType, String principal, String pattern, List<String> permissions) {}

    private final Duration timeout;

    SecurityRoutes(Duration timeout) {
        this.timeout = timeout;
    }

    void register(Javalin app) {
        app.get("/api/users", ctx -> ctx.json(await(admin(ctx).listUsers(null))));
        app.post("/api/users", this::createUser);
        app.post("/api/users/password", this::changePassword);
        app.post("/api/users/delete", this::deleteUser);
        app.get("/api/grants", this::listGrants);
        app.post("/api/grants", this::grant);
        app.post("/api/grants/revoke", this::revoke);
    }

    private void createUser(Context ctx) {
        NewUser form = Json.body(ctx, NewUser.class);
        String username = SecurityInputs.username(form.username(), "username");
        String password = SecurityInputs.newPassword(form.password(), username, "password");
        List<String> roles = SecurityInputs.roles(form.roles());
        SluiceAdmin admin = admin(ctx);
        if (findUser(admin, username) != null) {
            throw new ConsoleException(409, "user '" + username + "' already exists", "username");
        }
        await(admin.createUser(username, password, roles));
        ctx.status(201);
    }

    private void changePassword(Context ctx) {
        PasswordChange form = Json.body(ctx, PasswordChange.class);
        String username = SecurityInputs.username(form.username(), "username");
        String password = SecurityInputs.newPassword(form.password(), username, "password");
        String current =
                form.currentPassword() == null || form.currentPassword().isEmpty() ? null : form.currentPassword();
        try {
            await(admin(ctx).changePassword(username, current, password));
        } catch (ConsoleException e) {
            if (e.status() == 401) {
                // AUTHENTICATION_FAILED here means the current password was wrong, not the session.
                throw new ConsoleException(400, e.getMessage(), "currentPassword");
            }
            throw e;
        }
        ctx.status(204);
    }

    private void deleteUser(Context ctx) {
        UserRef form = Json.body(ctx, UserRef.class);
        String username = SecurityInputs.username(form.username(), "username");
        if (username.equals(RequestGuard.session(ctx).username())) {
            throw new ConsoleException(
                    409, "you are logged in as '" + username + "'; log in as another admin to delete it");
        }
        await(admin(ctx).deleteUser(username));
        ctx.status(204);
    }

    private void listGrants(Context ctx) {
        String typeParam = ctx.queryParam("principalType");
        PrincipalType type = typeParam == null || typeParam.isEmpty() ? null : SecurityInputs.principalType(typeParam);
        String principal = ctx.queryParam("principal");
        if (principal != null && !principal.isEmpty()) {
            if (type == null) {
                throw new ConsoleException(400, "principal needs principalType (user or role)", "principalType");
            }
            SecurityInputs.principal(type, principal);
        } else {
            principal = null;
        }
        ctx.json(await(admin(ctx).listGrants(type, principal)).stream()
                .map(SecurityRoutes::describe)
                .toList());
    }

    private void grant(Context ctx) {
        GrantForm form = Json.body(ctx, GrantForm.class);
        PrincipalType type = SecurityInputs.principalType(form.principalType());
        String principal = SecurityInputs.principal(type, form.principal());
        String pattern = SecurityInputs.pattern(form.pattern());
        Set<Permission> permissions = SecurityInputs.permissions(form.permissions(), true);
        SluiceAdmin admin = admin(ctx);
        if (type == PrincipalType.USER && findUser(admin, principal) == null) {
            throw new ConsoleException(404, "unknown user '" + principal + "'", "principal");
        }
        await(admin.grant(type, principal, pattern, permissions));
        ctx.status(204);
    }

    private void revoke(Context ctx) {
        GrantForm form = Json.body(ctx, GrantForm.class);
        PrincipalType type = SecurityInputs.principalType(form.principalType());
        String principal = SecurityInputs.principal(type, form.principal());
        String pattern = SecurityInputs.pattern(form.pattern());
        Set<Permission> asked = SecurityInputs.permissions(form.permissions(), false);
        SluiceAdmin admin = admin(ctx);
        Set<Permission> held = EnumSet.noneOf(Permission.class);
        for (Grant g : await(admin.listGrants(type, principal))) {
            if (g.principal().equals(principal) && g.pattern().equals(pattern)) {
                held.addAll(g.permissions());
            }
        }
        Set<Permission> revoked = asked.isEmpty() ? held : EnumSet.copyOf(asked);
        revoked.retainAll(held);
        if (revoked.isEmpty()) {
            throw new ConsoleException(
                    404,
                    type.configName() + " '" + principal + "' holds "
                            + (asked.isEmpty() ? "no permission" : "none of " + asked) + " on pattern '" + pattern
                            + "' (revoking needs the exact pattern granted)",
                    "pattern");
        }
        await(admin.revoke(type, principal, pattern, revoked));
        ctx.json(Map.of("revoked", revoked.stream().map(Permission::configName).toList()));
    }

    private User findUser(SluiceAdmin admin, String username) {
        return await(admin.listUsers(username)).stream()
                .filter(u -> u.username().equals(username))
                .findFirst()
                .orElse(null);
    }

    private static Map<String, Object> describe(Grant g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("principalType", g.principalType().configName());
        out.put("principal", g.principal());
        out.put("pattern", g.pattern());
        out.put(
                "permissions",
                g.permissions().stream().map(Permission::configName).toList());
        return out;
    }

    private static SluiceAdmin admin(Context ctx) {
        return RequestGuard.session(ctx).admin();
    }

    private <T> T await(CompletableFuture<T> f) {
        return BrokerCalls.await(f, timeout);
    }
}
