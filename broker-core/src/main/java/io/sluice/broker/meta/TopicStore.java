package io.sluice.broker.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Topics and their configuration overrides in the metadata database. Every change is durable
 * when its method returns.
 *
 * <pre>
 * topics         name PK, partitions, created_at_ms
 * topic_configs  (topic, config_key) PK, config_value; rows go with their topic
 * </pre>
 *
 * <p>Thread-safe; blocks on JDBC.
 */
public final class TopicStore {
    private final MetadataStore store;

    public TopicStore(MetadataStore store) {
        this.store = store;
    }

    /** Inserts a topic; returns false (changing nothing) if one with that name exists. */
    public boolean insert(TopicRecord topic) {
        return store.writeDurably(c -> {
            try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM topics WHERE name = ?")) {
                check.setString(1, topic.name());
                try (ResultSet rs = check.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO topics (name, partitions, created_at_ms) VALUES (?, ?, ?)")) {
                insert.setString(1, topic.name());
                insert.setInt(2, topic.partitions());
                insert.setLong(3, topic.createdAtMs());
                insert.executeUpdate();
            }
            writeConfigs(c, topic.name(), topic.configOverrides());
            return true;
        });
    }

    /** Replaces a topic's overrides; returns false if the topic does not exist. */
    public boolean updateConfig(String name, Map<String, String> overrides) {
        return store.writeDurably(c -> {
            try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM topics WHERE name = ?")) {
                check.setString(1, name);
                try (ResultSet rs = check.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM topic_configs WHERE topic = ?")) {
                delete.setString(1, name);
                delete.executeUpdate();
            }
            writeConfigs(c, name, overrides);
            return true;
        });
    }

    /** Deletes a topic, its configuration and its producer snapshots; false if it did not exist. */
    public boolean delete(String name) {
        return store.writeDurably(c -> {
            try (PreparedStatement snapshots = c.prepareStatement("DELETE FROM producer_snapshots WHERE topic = ?")) {
                snapshots.setString(1, name);
                snapshots.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM topics WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** Every topic, in name order. */
    public List<TopicRecord> loadAll() {
        return store.read(c -> {
            Map<String, Map<String, String>> configs = new HashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT topic, config_key, config_value FROM topic_configs");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    configs.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getString(3));
                }
            }
            List<TopicRecord> topics = new ArrayList<>();
            try (PreparedStatement q =
                            c.prepareStatement("SELECT name, partitions, created_at_ms FROM topics ORDER BY name");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    topics.add(
                            new TopicRecord(name, rs.getInt(2), configs.getOrDefault(name, Map.of()), rs.getLong(3)));
                }
            }
            return topics;
        });
    }

    private static void writeConfigs(Connection c, String topic, Map<String, String> overrides) throws SQLException {
        if (overrides.isEmpty()) {
            return;
        }
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO topic_configs (topic, config_key, config_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                insert.setString(1, topic);
                insert.setString(2, e.getKey());
                insert.setString(3, e.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
