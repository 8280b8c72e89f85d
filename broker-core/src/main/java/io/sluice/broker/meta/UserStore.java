package io.sluice.broker.meta;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Users in the metadata database. Changes are durable when {@link #upsert} and {@link
 * #deleteWithGrants} return.
 *
 * <pre>
 * users  username PK, password_hash, salt, iterations, roles (comma-separated), updated_at_ms
 * </pre>
 *
 * <p>Thread-safe; blocks on JDBC.
 */
public final class UserStore {
    private final MetadataStore store;
    private final Clock clock;

    public UserStore(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates the user, or replaces the hash and roles of an existing one. */
    public void upsert(UserRecord user) {
        store.writeDurably(c -> {
            try (PreparedStatement merge = c.prepareStatement("MERGE INTO users (username, password_hash, salt,"
                    + " iterations, roles, updated_at_ms) KEY (username) VALUES (?, ?, ?, ?, ?, ?)")) {
                merge.setString(1, user.username());
                merge.setBytes(2, user.passwordHash());
                merge.setBytes(3, user.salt());
                merge.setInt(4, user.iterations());
                merge.setString(5, String.join(",", user.roles()));
                merge.setLong(6, clock.millis());
                return merge.executeUpdate();
            }
        });
    }

    /**
     * Deletes the user and every grant naming it, in one transaction.
     *
     * @return whether the user existed
     */
    public boolean deleteWithGrants(String username) {
        return store.writeDurably(c -> {
            try (PreparedStatement user = c.prepareStatement("DELETE FROM users WHERE username = ?");
                    PreparedStatement grants =
                            c.prepareStatement("DELETE FROM grants WHERE principal_type = 'user' AND principal = ?")) {
                user.setString(1, username);
                int deleted = user.executeUpdate();
                grants.setString(1, username);
                grants.executeUpdate();
                return deleted > 0;
            }
        });
    }

    /** The roles of every user, by username in name order. */
    public Map<String, List<String>> rolesByUser() {
        return store.read(c -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT username, roles FROM users ORDER BY username");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), parseRoles(rs.getString(2)));
                }
            }
            return out;
        });
    }

    private static List<String> parseRoles(String roles) {
        return roles.isEmpty() ? List.of() : List.of(roles.split(","));
    }

    public Optional<UserRecord> find(String username) {
        return store.read(c -> {
            try (PreparedStatement q =
                    c.prepareStatement("SELECT password_hash, salt, iterations, roles FROM users WHERE username = ?")) {
                q.setString(1, username);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new UserRecord(
                            username, rs.getBytes(1), rs.getBytes(2), rs.getInt(3), parseRoles(rs.getString(4))));
                }
            }
        });
    }
}
