package io.sluice.broker.meta;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;

/**
 * Producer-state snapshots in the metadata database, one per partition. A snapshot is an
 * optimisation: recovery replays the log after {@code validToOffset}, and without a snapshot the
 * whole log. Writes are therefore not forced to disk.
 *
 * <pre>
 * producer_snapshots  (topic, partition_id) PK, valid_to_offset, state (bytes), taken_at_ms
 * </pre>
 *
 * <p>Thread-safe; blocks on JDBC.
 */
public final class ProducerSnapshotStore {
    private final MetadataStore store;
    private final Clock clock;

    public ProducerSnapshotStore(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A stored snapshot.
     *
     * @param validToOffset the snapshot holds the effect of every batch below this offset
     */
    public record Snapshot(long validToOffset, byte[] state) {}

    public void save(String topic, int partition, long validToOffset, byte[] state) {
        store.write(c -> {
            try (PreparedStatement m = c.prepareStatement("MERGE INTO producer_snapshots (topic, partition_id,"
                    + " valid_to_offset, state, taken_at_ms) KEY (topic, partition_id) VALUES (?, ?, ?, ?, ?)")) {
                m.setString(1, topic);
                m.setInt(2, partition);
                m.setLong(3, validToOffset);
                m.setBytes(4, state);
                m.setLong(5, clock.millis());
                return m.executeUpdate();
            }
        });
    }

    public Optional<Snapshot> load(String topic, int partition) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT valid_to_offset, state FROM producer_snapshots WHERE topic = ? AND partition_id = ?")) {
                q.setString(1, topic);
                q.setInt(2, partition);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(new Snapshot(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
                }
            }
        });
    }

    public void delete(String topic, int partition) {
        store.write(c -> {
            try (PreparedStatement d =
                    c.prepareStatement("DELETE FROM producer_snapshots WHERE topic = ? AND partition_id = ?")) {
                d.setString(1, topic);
                d.setInt(2, partition);
                return d.executeUpdate();
            }
        });
    }
}
