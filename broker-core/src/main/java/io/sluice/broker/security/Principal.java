package io.sluice.broker.security;

import java.util.List;

/**
 * Who a connection acts as after its handshake.
 *
 * @param username the authenticated user, or {@code "anonymous"} when security is off
 * @param roles the user's roles; {@value #ADMIN_ROLE} allows the admin APIs
 */
public record Principal(String username, List<String> roles) {
    public static final String ADMIN_ROLE = "admin";

    /** The identity of every connection when security is off: allowed everything. */
    public static final Principal ANONYMOUS = new Principal("anonymous", List.of(ADMIN_ROLE));

    public Principal {
        roles = List.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }
}
