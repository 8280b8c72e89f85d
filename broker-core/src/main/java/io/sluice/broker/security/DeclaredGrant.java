package io.sluice.broker.security;

import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import java.util.EnumSet;
import java.util.Set;

/**
 * A grant declared in the broker configuration ({@code security.grants.user.NAME} or {@code
 * security.grants.role.NAME}), added to the metadata store at every start.
 *
 * @param pattern a destination pattern as written; checked when the broker starts
 */
public record DeclaredGrant(
        PrincipalType principalType, String principal, String pattern, Set<Permission> permissions) {
    public DeclaredGrant {
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }
}
