package io.sluice.broker.security;

/**
 * The rules for user and role names: users have 1 to 255 characters, roles 1 to 64, neither
 * control characters nor {@code ,} (roles are stored comma-separated).
 *
 * <p>Stateless; thread-safe.
 */
final class SecurityNames {
    static final int MAX_USERNAME_LENGTH = 255;
    static final int MAX_ROLE_LENGTH = 64;

    private SecurityNames() {}

    /** The problem with a username, or null if it is valid. */
    static String usernameProblem(String username) {
        if (username == null || username.isEmpty() || username.length() > MAX_USERNAME_LENGTH) {
            return "username must have 1 to " + MAX_USERNAME_LENGTH + " characters";
        }
        if (!isPlain(username)) {
            return "username must not contain control characters or ','";
        }
        return null;
    }

    /** The problem with a role name, or null if it is valid. */
    static String roleProblem(String role) {
        if (role == null || role.isEmpty() || role.length() > MAX_ROLE_LENGTH || !isPlain(role)) {
            return "role '" + role + "' must have 1 to " + MAX_ROLE_LENGTH
                    + " characters, without control characters or ','";
        }
        return null;
    }

    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == ',') {
                return false;
            }
        }
        return true;
    }
}
