package io.sluice.broker.meta;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Producer ids in the metadata database: how far ids have been reserved, and the current id and
 * epoch of each named producer. Every change is durable when its method returns, so an id or an
 * epoch handed out before a crash is never handed out again.
 *
 * <pre>
 * producer_id_reservation  id = 1, next_unreserved: ids below it may have been issued
 * named_producers          name PK, producer_id UNIQUE, epoch
 * retired_producers        producer_id PK: ids of named producers whose epochs ran out
 * </pre>
 *
 * <p>Thread-safe; blocks on JDBC.
 */
public final class ProducerIdStore {
    private final MetadataStore store;

    public ProducerIdStore(MetadataStore store) {
        this.store = store;
    }

    /** The current and newest epoch of a named producer. */
    public record NamedProducer(String name, long producerId, short epoch) {}

    /**
     * Reserves the next {@code blockSize} ids.
     *
     * @return the first id of the block
     */
    public long reserveBlock(int blockSize) {
        return store.writeDurably(c -> {
            long start;
            try (PreparedStatement q = c.prepareStatement(
                            "SELECT next_unreserved FROM producer_id_reservation WHERE id = 1 FOR UPDATE");
                    ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new MetadataException("producer_id_reservation row is missing");
                }
                start = rs.getLong(1);
            }
            try (PreparedStatement u =
                    c.prepareStatement("UPDATE producer_id_reservation SET next_unreserved = ? WHERE id = 1")) {
                u.setLong(1, Math.addExact(start, blockSize));
                u.executeUpdate();
            }
            return start;
        });
    }

    /** The first id never reserved: every id issued so far is below it. */
    public long nextUnreserved() {
        return store.read(c -> {
            try (PreparedStatement q =
                            c.prepareStatement("SELECT next_unreserved FROM producer_id_reservation WHERE id = 1");
                    ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Every named producer, by producer id. */
    public Map<Long, NamedProducer> loadNamed() {
        return store.read(c -> {
            Map<Long, NamedProducer> named = new HashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT name, producer_id, epoch FROM named_producers");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    named.put(rs.getLong(2), new NamedProducer(rs.getString(1), rs.getLong(2), rs.getShort(3)));
                }
            }
            return named;
        });
    }

    /** Ids that were retired because their epochs ran out. */
    public Set<Long> loadRetired() {
        return store.read(c -> {
            Set<Long> retired = new HashSet<>();
            try (PreparedStatement q = c.prepareStatement("SELECT producer_id FROM retired_producers");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    retired.add(rs.getLong(1));
                }
            }
            return retired;
        });
    }

    /**
     * Records the new identity of a named producer; when {@code retiredId} is not -1, that id is
     * recorded as retired in the same transaction.
     */
    public void saveNamed(NamedProducer producer, long retiredId) {
        store.writeDurably(c -> {
            if (retiredId >= 0) {
                try (PreparedStatement r =
                        c.prepareStatement("MERGE INTO retired_producers (producer_id) KEY (producer_id) VALUES (?)")) {
                    r.setLong(1, retiredId);
                    r.executeUpdate();
                }
            }
            try (PreparedStatement m = c.prepareStatement(
                    "MERGE INTO named_producers (name, producer_id, epoch) KEY (name) VALUES (?, ?, ?)")) {
                m.setString(1, producer.name());
                m.setLong(2, producer.producerId());
                m.setShort(3, producer.epoch());
                return m.executeUpdate();
            }
        });
    }
}
