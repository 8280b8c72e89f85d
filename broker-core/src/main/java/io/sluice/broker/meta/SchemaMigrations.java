package io.sluice.broker.meta;

import java.util.List;

/**
 * The metadata schema, as the ordered list of its migrations. Append new migrations at the end
 * (subscriptions, cursors, ACLs, ...); never edit one that has been released.
 *
 * <p>Immutable; thread-safe.
 */
public final class SchemaMigrations {
    private SchemaMigrations() {}

    /** Version 1: topics, users, producer ids and producer-state snapshots. */
    static final Migration V1 = new Migration(
            1,
            "topics, users, producer ids, producer snapshots",
            List.of(
                    "CREATE TABLE IF NOT EXISTS topics (name VARCHAR(255) PRIMARY KEY,"
                            + " partitions INT NOT NULL, created_at_ms BIGINT NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS topic_configs (topic VARCHAR(255) NOT NULL,"
                            + " config_key VARCHAR(255) NOT NULL, config_value VARCHAR(4096) NOT NULL,"
                            + " PRIMARY KEY (topic, config_key),"
                            + " FOREIGN KEY (topic) REFERENCES topics(name) ON DELETE CASCADE)",
                    "CREATE TABLE IF NOT EXISTS users (username VARCHAR(255) PRIMARY KEY,"
                            + " password_hash VARBINARY(64) NOT NULL, salt VARBINARY(64) NOT NULL,"
                            + " iterations INT NOT NULL, roles VARCHAR(4096) NOT NULL,"
                            + " updated_at_ms BIGINT NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS producer_id_reservation (id INT PRIMARY KEY,"
                            + " next_unreserved BIGINT NOT NULL)",
                    "MERGE INTO producer_id_reservation (id, next_unreserved) KEY (id) VALUES (1, 0)",
                    "CREATE TABLE IF NOT EXISTS named_producers (name VARCHAR(255) PRIMARY KEY,"
                            + " producer_id BIGINT NOT NULL UNIQUE, epoch SMALLINT NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS retired_producers (producer_id BIGINT PRIMARY KEY)",
                    "CREATE TABLE IF NOT EXISTS producer_snapshots (topic VARCHAR(255) NOT NULL,"
                            + " partition_id INT NOT NULL, valid_to_offset BIGINT NOT NULL,"
                            + " state VARBINARY NOT NULL, taken_at_ms BIGINT NOT NULL,"
                            + " PRIMARY KEY (topic, partition_id))"));

    /** Every migration, oldest first. */
    public static List<Migration> all() {
        return List.of(V1);
    }
}
