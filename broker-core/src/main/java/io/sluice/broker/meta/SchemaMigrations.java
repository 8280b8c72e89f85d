package io.sluice.broker.meta;

import java.util.List;

/**
 * The metadata schema, as the ordered list of its migrations. Append new migrations at the end
 * (subscriptions, cursors, grants, ...); never edit one that has been released.
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

    /**
     * Version 2: subscriptions that outlive their consumers (queues, durable and shared durable
     * subscriptions) and the latest snapshot of each one's cursor.
     */
    static final Migration V2 = new Migration(
            2,
            "subscriptions, cursor snapshots",
            List.of(
                    "CREATE TABLE IF NOT EXISTS subscriptions (id BIGINT PRIMARY KEY,"
                            + " sub_key VARCHAR(1024) NOT NULL UNIQUE, type VARCHAR(32) NOT NULL,"
                            + " topic VARCHAR(255) NOT NULL, client_id VARCHAR(255), name VARCHAR(512),"
                            + " selector VARCHAR(16384), no_local BOOLEAN NOT NULL, created_at_ms BIGINT NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS cursor_snapshots (subscription_id BIGINT PRIMARY KEY,"
                            + " valid_to_offset BIGINT NOT NULL, state VARBINARY NOT NULL,"
                            + " taken_at_ms BIGINT NOT NULL,"
                            + " FOREIGN KEY (subscription_id) REFERENCES subscriptions(id) ON DELETE CASCADE)"));

    /**
     * Version 3: access grants, one row per (principal, pattern, permission); principal_type is
     * {@code user} or {@code role}.
     */
    static final Migration V3 = new Migration(
            3,
            "access grants",
            List.of("CREATE TABLE IF NOT EXISTS grants (principal_type VARCHAR(8) NOT NULL,"
                    + " principal VARCHAR(255) NOT NULL, pattern VARCHAR(255) NOT NULL,"
                    + " permission VARCHAR(16) NOT NULL, granted_at_ms BIGINT NOT NULL,"
                    + " PRIMARY KEY (principal_type, principal, pattern, permission))"));

    /** Every migration, oldest first. */
    public static List<Migration> all() {
        return List.of(V1, V2, V3);
    }
}
