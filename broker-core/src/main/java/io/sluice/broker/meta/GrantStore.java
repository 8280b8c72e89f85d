package io.sluice.broker.meta;

import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access grants in the metadata database. Changes are durable when a method returns.
 *
 * <pre>
 * grants  principal_type ('user' | 'role'), principal, pattern, permission (lower-case name),
 *         granted_at_ms (last granted); primary key (principal_type, principal, pattern, permission)
 * </pre>
 *
 * <p>Thread-safe; blocks on JDBC.
 */
public final class GrantStore {
    private static final Logger log = LoggerFactory.getLogger(GrantStore.class);

    private final MetadataStore store;
    private final Clock clock;

    public GrantStore(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Adds the grants (stamping each with the time, also those that existed), in one transaction. */
    public void add(Collection<GrantRecord> grants) {
        store.writeDurably(c -> {
            try (PreparedStatement merge = c.prepareStatement("MERGE INTO grants (principal_type, principal, pattern,"
                    + " permission, granted_at_ms) KEY (principal_type, principal, pattern, permission)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
                for (GrantRecord g : grants) {
                    bindKey(merge, 1, g);
                    merge.setLong(5, clock.millis());
                    merge.addBatch();
                }
                merge.executeBatch();
                return null;
            }
        });
    }

    /** Removes these grants where they exist, in one transaction; returns how many rows went. */
    public int remove(Collection<GrantRecord> grants) {
        return store.writeDurably(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM grants WHERE principal_type = ?"
                    + " AND principal = ? AND pattern = ? AND permission = ?")) {
                int removed = 0;
                for (GrantRecord g : grants) {
                    bindKey(delete, 1, g);
                    removed += delete.executeUpdate();
                }
                return removed;
            }
        });
    }

    /** Every grant, ordered by principal type, principal, pattern and permission. */
    public List<GrantRecord> list() {
        return store.read(c -> {
            List<GrantRecord> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT principal_type, principal, pattern, permission"
                            + " FROM grants ORDER BY principal_type DESC, principal, pattern, permission");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    GrantRecord g = decode(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                    if (g != null) {
                        out.add(g);
                    }
                }
            }
            return out;
        });
    }

    private static void bindKey(PreparedStatement s, int first, GrantRecord g) throws java.sql.SQLException {
        s.setString(first, g.principalType().configName());
        s.setString(first + 1, g.principal());
        s.setString(first + 2, g.pattern());
        s.setString(first + 3, g.permission().configName());
    }

    /** A stored row, or null (logged) for a row this version cannot read. */
    private static GrantRecord decode(String type, String principal, String pattern, String permission) {
        try {
            PrincipalType t = PrincipalType.valueOf(type.toUpperCase(Locale.ROOT));
            return new GrantRecord(t, principal, pattern, Permission.forName(permission));
        } catch (IllegalArgumentException e) {
            log.warn(
                    "Ignoring stored grant ({}, {}, {}, {}): {}", type, principal, pattern, permission, e.getMessage());
            return null;
        }
    }
}
