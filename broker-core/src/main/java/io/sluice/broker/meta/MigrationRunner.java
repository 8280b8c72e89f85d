package io.sluice.broker.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database schema up to date: reads the current version from the {@code schema_version}
 * table and applies every newer {@link Migration} in order, recording each one as it completes.
 *
 * <pre>
 * schema_version
 *   version        INT PRIMARY KEY
 *   description    VARCHAR(255)
 *   applied_at_ms  BIGINT
 * </pre>
 *
 * <p>Each migration runs in one transaction together with its {@code schema_version} row.
 * (H2 commits DDL statements immediately, so a crash in the middle of a migration can leave some of
 * its DDL applied; migrations therefore use {@code IF NOT EXISTS} forms where they can, so that
 * re-running one is harmless.) A database whose version is newer than the newest known migration is
 * refused: an older broker must not write to a schema it does not understand.
 *
 * <p>Not thread-safe; run once at start-up, before anything else uses the database.
 */
public final class MigrationRunner {
    private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);

    private final DataSource dataSource;
    private final List<Migration> migrations;
    private final Clock clock;

    /**
     * @throws IllegalArgumentException if the migrations are not numbered 1, 2, 3, ... in order
     */
    public MigrationRunner(DataSource dataSource, List<Migration> migrations, Clock clock) {
        this.dataSource = dataSource;
        this.migrations = List.copyOf(migrations);
        this.clock = clock;
        for (int i = 0; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration at position " + i + " has version "
                        + this.migrations.get(i).version() + "; expected " + (i + 1));
            }
        }
    }

    /**
     * Applies the missing migrations.
     *
     * @return the schema version afterwards
     * @throws MetadataException if a migration fails or the database is newer than this broker
     */
    public int migrate() {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY,"
                        + " description VARCHAR(255) NOT NULL, applied_at_ms BIGINT NOT NULL)");
            }
            int current = currentVersion(c);
            int newest = migrations.size();
            if (current > newest) {
                throw new MetadataException("metadata schema version " + current
                        + " is newer than this broker understands (" + newest + "); use a newer broker");
            }
            for (Migration m : migrations.subList(current, newest)) {
                apply(c, m);
            }
            return newest;
        } catch (SQLException e) {
            throw new MetadataException("schema migration failed", e);
        }
    }

    /** The version recorded in {@code schema_version}, 0 for an empty database. */
    public static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void apply(Connection c, Migration m) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : m.statements()) {
                s.execute(sql);
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at_ms) VALUES (?, ?, ?)")) {
                insert.setInt(1, m.version());
                insert.setString(2, m.description());
                insert.setLong(3, clock.millis());
                insert.executeUpdate();
            }
            c.commit();
            log.info("Applied metadata migration {}: {}", m.version(), m.description());
        } catch (SQLException e) {
            c.rollback();
            throw new MetadataException("migration " + m.version() + " (" + m.description() + ") failed", e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
