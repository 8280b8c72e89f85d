package io.sluice.broker.meta;

import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;

/**
 * One stored grant: {@code principal} (a user or a role) holds {@code permission} on every
 * destination {@code pattern} matches.
 */
public record GrantRecord(PrincipalType principalType, String principal, String pattern, Permission permission) {}
