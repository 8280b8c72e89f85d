package io.sluice.broker.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Subscriptions and their cursor snapshots in the metadata database.
 *
 * <pre>
 * subscriptions     id PK, sub_key UNIQUE, type, topic, client_id, name, selector, no_local,
 *                   created_at_ms
 * cursor_snapshots  subscription_id PK (cascade delete), valid_to_offset, state (bytes), taken_at_ms
 * </pre>
 *
 * <p>A subscription's definition is written durably (it cannot be rebuilt from anything else),
 * together with its first snapshot. Snapshots are written durably too, all changed ones in one
 * transaction per snapshot round: the cursor log is truncated behind them, so a snapshot must be on
 * disk before the log it replaces may go. {@code valid_to_offset} is the cursor-log offset from
 * which recovery replays that subscription's ops.
 *
 * <p>Thread-safe; blocks on JDBC.
 */
public final class SubscriptionStore {
    private final MetadataStore store;
    private final Clock clock;

    public SubscriptionStore(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A cursor snapshot: {@code state} holds every op of the cursor log below {@code validToOffset}. */
    public record Snapshot(long subscriptionId, long validToOffset, byte[] state) {}

    /** A stored subscription with its latest snapshot. */
    public record Stored(SubscriptionRecord subscription, Snapshot snapshot) {}

    public List<Stored> loadAll() {
        return store.read(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                            "SELECT s.id, s.sub_key, s.type, s.topic, s.client_id, s.name, s.selector, s.no_local,"
                                    + " s.created_at_ms, c.valid_to_offset, c.state FROM subscriptions s"
                                    + " LEFT JOIN cursor_snapshots c ON c.subscription_id = s.id ORDER BY s.id");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    SubscriptionRecord r = new SubscriptionRecord(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getBoolean(8),
                            rs.getLong(9));
                    byte[] state = rs.getBytes(11);
                    out.add(new Stored(r, state == null ? null : new Snapshot(r.id(), rs.getLong(10), state)));
                }
            }
            return out;
        });
    }

    /** The largest subscription id ever stored, or 0. */
    public long maxId() {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM subscriptions");
                    ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Stores a new subscription with its first snapshot, durably, after deleting {@code replacedId}
     * (a durable subscription whose topic or selector changed), in one transaction.
     *
     * @param replacedId the subscription this one replaces, or -1
     * @return false if another subscription already has the key
     */
    public boolean insert(SubscriptionRecord r, Snapshot first, long replacedId) {
        return store.writeDurably(c -> {
            if (replacedId >= 0) {
                deleteRow(c, replacedId);
            }
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM subscriptions WHERE sub_key = ?")) {
                exists.setString(1, r.key());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO subscriptions (id, sub_key, type, topic,"
                    + " client_id, name, selector, no_local, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                i.setLong(1, r.id());
                i.setString(2, r.key());
                i.setString(3, r.type());
                i.setString(4, r.topic());
                setNullable(i, 5, r.clientId());
                setNullable(i, 6, r.name());
                setNullable(i, 7, r.selector());
                i.setBoolean(8, r.noLocal());
                i.setLong(9, r.createdAtMs());
                i.executeUpdate();
            }
            merge(c, first);
            return true;
        });
    }

    /** Deletes a subscription and its snapshot, durably. */
    public void delete(long id) {
        store.writeDurably(c -> {
            deleteRow(c, id);
            return null;
        });
    }

    /** Replaces the snapshots of these subscriptions in one durable transaction. */
    public void saveSnapshots(Collection<Snapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        store.writeDurably(c -> {
            for (Snapshot s : snapshots) {
                merge(c, s);
            }
            return null;
        });
    }

    private void merge(Connection c, Snapshot s) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM subscriptions WHERE id = ?")) {
            exists.setLong(1, s.subscriptionId());
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    return; // deleted meanwhile
                }
            }
        }
        try (PreparedStatement m = c.prepareStatement("MERGE INTO cursor_snapshots (subscription_id, valid_to_offset,"
                + " state, taken_at_ms) KEY (subscription_id) VALUES (?, ?, ?, ?)")) {
            m.setLong(1, s.subscriptionId());
            m.setLong(2, s.validToOffset());
            m.setBytes(3, s.state());
            m.setLong(4, clock.millis());
            m.executeUpdate();
        }
    }

    private static void deleteRow(Connection c, long id) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM cursor_snapshots WHERE subscription_id = ?")) {
            d.setLong(1, id);
            d.executeUpdate();
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM subscriptions WHERE id = ?")) {
            d.setLong(1, id);
            d.executeUpdate();
        }
    }

    private static void setNullable(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
