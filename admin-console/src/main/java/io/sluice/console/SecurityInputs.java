package io.sluice.console;

import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the input of the users and permissions endpoints before it reaches the broker, so that a
 * mistake gets a 400 naming the field: user and role names (the broker's rules: users 1 to 255
 * characters, roles 1 to 64, neither control characters nor {@code ,}), passwords (the console's
 * policy: at least {@value #MIN_PASSWORD_CHARS} characters, not the username), destination
 * patterns (words of {@code A-Z a-z 0-9 _ -} or the wildcards {@code *} and {@code #} standing
 * alone between dots, 1 to 255 characters) and permission names.
 *
 * <p>Stateless; thread-safe.
 */
final class SecurityInputs {
    static final int MIN_PASSWORD_CHARS = 8;
    static final int MAX_PASSWORD_CHARS = 1024;
    static final int MAX_USERNAME_CHARS = 255;
    static final int MAX_ROLE_CHARS = 64;
    static final int MAX_PATTERN_CHARS = 255;

    private SecurityInputs() {}

    static String username(String name, String field) {
        if (name == null || name.isEmpty()) {
            throw new ConsoleException(400, field + " is required", field);
        }
        if (name.length() > MAX_USERNAME_CHARS || !isPlain(name)) {
            throw new ConsoleException(
                    400,
                    "invalid username: use 1 to " + MAX_USERNAME_CHARS
                            + " characters without control characters or ','",
                    field);
        }
        return name;
    }

    static String role(String role, String field) {
        if (role == null || role.isEmpty() || role.length() > MAX_ROLE_CHARS || !isPlain(role)) {
            throw new ConsoleException(
                    400,
                    "invalid role '" + (role == null ? "" : role) + "': use 1 to " + MAX_ROLE_CHARS
                            + " characters without control characters or ','",
                    field);
        }
        return role;
    }

    static List<String> roles(List<String> roles) {
        if (roles == null) {
            return List.of();
        }
        return roles.stream()
                .map(r -> role(r == null ? null : r.trim(), "roles"))
                .distinct()
                .toList();
    }

    /** A new password by the console's policy. */
    static String newPassword(String password, String username, String field) {
        if (password == null || password.isEmpty()) {
            throw new ConsoleException(400, "a password is required", field);
        }
        if (password.length() < MIN_PASSWORD_CHARS) {
            throw new ConsoleException(
                    400, "the password is too weak: use at least " + MIN_PASSWORD_CHARS + " characters", field);
        }
        if (password.length() > MAX_PASSWORD_CHARS) {
            throw new ConsoleException(
                    400, "the password is too long: at most " + MAX_PASSWORD_CHARS + " characters", field);
        }
        if (password.equals(username)) {
            throw new ConsoleException(400, "the password is too weak: it must not be the username", field);
        }
        return password;
    }

    static PrincipalType principalType(String type) {
        if ("user".equals(type)) {
            return PrincipalType.USER;
        }
        if ("role".equals(type)) {
            return PrincipalType.ROLE;
        }
        throw new ConsoleException(
                400, "principalType must be user or role, was '" + (type == null ? "" : type) + "'", "principalType");
    }

    static String principal(PrincipalType type, String principal) {
        return type == PrincipalType.USER ? username(principal, "principal") : role(principal, "principal");
    }

    /** A destination pattern by the broker's rules (docs/security.md, "Pattern syntax"). */
    static String pattern(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new ConsoleException(400, "pattern is required", "pattern");
        }
        if (pattern.length() > MAX_PATTERN_CHARS) {
            throw new ConsoleException(
                    400, "a destination pattern must have 1 to " + MAX_PATTERN_CHARS + " characters", "pattern");
        }
        for (String word : pattern.split("\\.", -1)) {
            if (word.equals("*") || word.equals("#")) {
                continue;
            }
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c == '*' || c == '#') {
                    throw new ConsoleException(
                            400,
                            "invalid pattern '" + pattern + "': '" + c
                                    + "' must stand alone between dots (e.g. 'orders." + c + "'), not inside '" + word
                                    + "'",
                            "pattern");
                }
                if (!isNameChar(c)) {
                    throw new ConsoleException(
                            400,
                            "invalid pattern '" + pattern + "': '" + c
                                    + "' is not allowed; use A-Z a-z 0-9 _ - between dots, and * or # as whole words",
                            "pattern");
                }
            }
        }
        return pattern;
    }

    /**
     * Permission names ({@code produce, consume, browse, create, delete, admin}).
     *
     * @param required whether an empty list is refused
     */
    static Set<Permission> permissions(List<String> names, boolean required) {
        Set<Permission> out = EnumSet.noneOf(Permission.class);
        if (names != null) {
            for (String name : names) {
                if (name == null || name.isBlank()) {
                    throw new ConsoleException(400, "a permission name is empty", "permissions");
                }
                try {
                    out.add(Permission.forName(name));
                } catch (IllegalArgumentException e) {
                    throw new ConsoleException(400, e.getMessage(), "permissions");
                }
            }
        }
        if (required && out.isEmpty()) {
            throw new ConsoleException(
                    400,
                    "choose at least one permission: produce, consume, browse, create, delete or admin",
                    "permissions");
        }
        return out;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
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
