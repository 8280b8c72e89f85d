package io.sluice.broker.security;

import io.sluice.broker.meta.GrantRecord;
import io.sluice.broker.meta.GrantStore;
import io.sluice.broker.meta.UserStore;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a connection's user may do something to a destination, from the grants in the
 * metadata store. With security on, everything is denied unless a grant allows it:
 *
 * <ul>
 *   <li>a user holding the {@value Principal#ADMIN_ROLE} role may do everything (it also administers
 *       users and grants);
 *   <li>any other user may use a permission on a destination when a grant to the user, or to one of
 *       its roles, holds that permission with a {@link DestinationPattern} matching the name.
 * </ul>
 *
 * Decisions use the user's <em>current</em> roles and grants, not those of its handshake: a change
 * (GRANT, REVOKE, CREATE_USER, DELETE_USER) applies to open connections at once, and a deleted
 * user's connections are refused everything. With security off everything is allowed.
 *
 * <p>Thread-safe. Checks read an immutable snapshot (plus a cache of decisions) and never block;
 * changes write the metadata store (JDBC: call them on the metadata executor) and then publish a new
 * snapshot.
 */
public final class Authorizer {
    private static final Logger log = LoggerFactory.getLogger(Authorizer.class);
    /** Decisions cached per snapshot before the cache is cleared. */
    private static final int MAX_CACHED_DECISIONS = 65_536;

    /** What was granted to one principal on one pattern. */
    private record Compiled(
            PrincipalType principalType, String principal, DestinationPattern pattern, Set<Permission> permissions) {}

    private record Decision(String username, Permission permission, String destination) {}

    /** The users' roles and the grants, as of the last change. */
    private record Snapshot(
            Map<String, List<String>> rolesByUser,
            List<Compiled> grants,
            ConcurrentHashMap<Decision, Boolean> decisions) {}

    private final boolean enabled;
    private final UserStore users;
    private final GrantStore grants;
    /** Replaced as a whole after every change; read by every check. */
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of(), new ConcurrentHashMap<>());

    public Authorizer(boolean enabled, UserStore users, GrantStore grants) {
        this.enabled = enabled;
        this.users = users;
        this.grants = grants;
    }

    public boolean isEnabled() {
        return enabled;
    }

    // ---- decisions (any thread, never block) ----

    /** Whether {@code principal} holds {@code permission} on {@code destination}. */
    public boolean isAllowed(Principal principal, Permission permission, String destination) {
        if (!enabled) {
            return true;
        }
        Snapshot s = snapshot;
        Decision key = new Decision(principal.username(), permission, destination);
        Boolean cached = s.decisions().get(key);
        if (cached != null) {
            return cached;
        }
        boolean allowed = decide(s, principal.username(), permission, destination);
        if (s.decisions().size() >= MAX_CACHED_DECISIONS) {
            s.decisions().clear();
        }
        s.decisions().put(key, allowed);
        return allowed;
    }

    private static boolean decide(Snapshot s, String username, Permission permission, String destination) {
        List<String> roles = s.rolesByUser().get(username);
        if (roles == null) {
            return false; // deleted since its handshake
        }
        if (roles.contains(Principal.ADMIN_ROLE)) {
            return true;
        }
        for (Compiled g : s.grants()) {
            boolean holder = g.principalType() == PrincipalType.USER
                    ? g.principal().equals(username)
                    : roles.contains(g.principal());
            if (holder && g.permissions().contains(permission) && g.pattern().matches(destination)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @throws AuthorizationException naming the user, the permission and the destination, unless
     *     {@link #isAllowed} says yes
     */
    public void require(Principal principal, Permission permission, String destination) {
        if (!isAllowed(principal, permission, destination)) {
            throw denied(principal, permission, destination);
        }
    }

    /** The error that says {@code principal} lacks {@code permission} on {@code destination}. */
    public AuthorizationException denied(Principal principal, Permission permission, String destination) {
        return new AuthorizationException("user '" + principal.username() + "' lacks permission '"
                + permission.configName() + "' on destination '" + destination + "'");
    }

    /** Whether {@code principal} holds at least one permission on {@code destination}. */
    public boolean hasAnyPermission(Principal principal, String destination) {
        for (Permission p : Permission.values()) {
            if (isAllowed(principal, p, destination)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @throws AuthorizationException naming the user and every permission, unless it holds at least
     *     one of them on the destination
     */
    public void requireAny(Principal principal, String destination) {
        if (!hasAnyPermission(principal, destination)) {
            throw new AuthorizationException(
                    "user '" + principal.username() + "' holds no permission on destination '" + destination + "'");
        }
    }

    /** Whether {@code principal} currently holds the admin role (always, with security off). */
    public boolean isAdmin(Principal principal) {
        if (!enabled) {
            return true;
        }
        List<String> roles = snapshot.rolesByUser().get(principal.username());
        return roles != null && roles.contains(Principal.ADMIN_ROLE);
    }

    /** @throws AuthorizationException unless the principal holds the admin role */
    public void requireAdmin(Principal principal, String what) {
        if (!isAdmin(principal)) {
            throw new AuthorizationException(
                    "user '" + principal.username() + "' needs the '" + Principal.ADMIN_ROLE + "' role to " + what);
        }
    }

    // ---- changes (metadata executor) ----

    /** Re-reads users and grants from the metadata store and publishes them. Blocks on JDBC. */
    public synchronized void reload() {
        Map<String, List<String>> roles = users.rolesByUser();
        Map<String, Compiled> byKey = new LinkedHashMap<>();
        for (GrantRecord g : grants.list()) {
            DestinationPattern pattern;
            try {
                pattern = DestinationPattern.parse(g.pattern());
            } catch (InvalidGrantException e) {
                log.warn("Ignoring stored grant to {} '{}': {}", g.principalType(), g.principal(), e.getMessage());
                continue;
            }
            String key = g.principalType() + "\u0000" + g.principal() + "\u0000" + g.pattern();
            Compiled c = byKey.computeIfAbsent(
                    key,
                    k -> new Compiled(g.principalType(), g.principal(), pattern, EnumSet.noneOf(Permission.class)));
            c.permissions().add(g.permission());
        }
        List<Compiled> compiled = new ArrayList<>();
        byKey.values()
                .forEach(c -> compiled.add(
                        new Compiled(c.principalType(), c.principal(), c.pattern(), Set.copyOf(c.permissions()))));
        snapshot = new Snapshot(Map.copyOf(roles), List.copyOf(compiled), new ConcurrentHashMap<>());
    }

    /**
     * Grants {@code permissions} on {@code pattern} to a user or role; durable, and in force for
     * every connection, when it returns.
     *
     * @throws InvalidGrantException for a bad pattern or principal name, or no permissions
     */
    public void grant(PrincipalType type, String principal, String pattern, Set<Permission> permissions) {
        grants.add(records(type, principal, pattern, permissions));
        log.info("Granted {} on '{}' to {} '{}'", permissions, pattern, type, principal);
        reload();
    }

    /**
     * Takes back {@code permissions} on exactly {@code pattern} from a user or role; durable, and in
     * force for every connection, when it returns. Revoking what was not granted changes nothing.
     *
     * @return how many of the permissions had been granted
     */
    public int revoke(PrincipalType type, String principal, String pattern, Set<Permission> permissions) {
        int removed = grants.remove(records(type, principal, pattern, permissions));
        log.info("Revoked {} on '{}' from {} '{}' ({} were granted)", permissions, pattern, type, principal, removed);
        reload();
        return removed;
    }

    /** Adds the grants declared in the broker configuration (at start). */
    public void declare(Collection<DeclaredGrant> declared) {
        List<GrantRecord> all = new ArrayList<>();
        for (DeclaredGrant d : declared) {
            all.addAll(records(d.principalType(), d.principal(), d.pattern(), d.permissions()));
        }
        if (!all.isEmpty()) {
            grants.add(all);
        }
        reload();
    }

    /** A listed grant: the permissions one principal holds on one pattern. */
    public record Listed(PrincipalType principalType, String principal, String pattern, Set<Permission> permissions) {}

    /**
     * The grants, optionally of one principal type and name, ordered by type (users first),
     * principal and pattern.
     *
     * @param type null for every principal
     * @param principal null for every principal of {@code type}
     */
    public List<Listed> list(PrincipalType type, String principal) {
        List<Listed> out = new ArrayList<>();
        for (Compiled c : snapshot.grants()) {
            if ((type == null || c.principalType() == type)
                    && (type == null || principal == null || c.principal().equals(principal))) {
                out.add(new Listed(c.principalType(), c.principal(), c.pattern().toString(), c.permissions()));
            }
        }
        return out;
    }

    private static List<GrantRecord> records(
            PrincipalType type, String principal, String pattern, Set<Permission> permissions) {
        if (type == null) {
            throw new InvalidGrantException("a grant names a user or a role");
        }
        String problem = type == PrincipalType.USER
                ? SecurityNames.usernameProblem(principal)
                : SecurityNames.roleProblem(principal);
        if (problem != null) {
            throw new InvalidGrantException(problem);
        }
        DestinationPattern.parse(pattern);
        if (permissions == null || permissions.isEmpty()) {
            throw new InvalidGrantException("a grant needs at least one permission");
        }
        List<GrantRecord> out = new ArrayList<>();
        for (Permission p : EnumSet.copyOf(permissions)) {
            out.add(new GrantRecord(type, principal, pattern, p));
        }
        return out;
    }
}
