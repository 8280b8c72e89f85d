package io.sluice.broker.meta;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Users in the metadata database. Changes are durable when {@link #upsert} returns.
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

    public Optional<UserRecord> find(String username) {
        return store.read(c -> {
            try (PreparedStatement q =
                    c.prepareStatement("SELECT password_hash, salt, iterations, roles FROM users WHERE username = ?")) {
                q.setString(1, username);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String roles = rs.getString(4);
                    List<String> roleList = roles.isEmpty() ? List.of() : Arrays.asList(roles.split(","));
                    return Optional.of(
                            new UserRecord(username, rs.getBytes(1), rs.getBytes(2), rs.getInt(3), roleList));
                }
            }
        });
    }
}
