package io.sluice.broker.meta;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The broker's metadata database: an embedded H2 database in file mode ({@code
 * <dataDir>/meta/sluice.mv.db}) behind a small HikariCP pool, migrated to the current schema when
 * opened.
 *
 * <p>Durability: H2 writes committed changes to its file in the background (about once a second),
 * which is fine for data the broker can rebuild (producer-state snapshots: the log is replayed
 * after them). Changes that cannot be rebuilt - topics and their configuration, users, producer id
 * reservations and producer epochs - are written with {@link #writeDurably}, which forces the
 * database file to disk ({@code CHECKPOINT SYNC}) before returning.
 *
 * <p>The file is locked with the operating system's file lock, so a second broker on the same data
 * directory fails to start, and the lock disappears with a killed process.
 *
 * <p>Thread-safe. Every method blocks on JDBC: call it from the metadata executor or at start-up,
 * never from a Netty event loop.
 */
public final class MetadataStore implements AutoCloseable {
    private final HikariDataSource dataSource;

    private MetadataStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens (creating if needed) the database under {@code metaDir} and applies pending migrations.
     *
     * @param poolSize the most connections open at once
     * @throws MetadataException if the database cannot be opened (e.g. another broker uses it) or
     *     migrated
     */
    public static MetadataStore open(Path metaDir, int poolSize, Clock clock) {
        try {
            Files.createDirectories(metaDir);
        } catch (IOException e) {
            throw new MetadataException("cannot create metadata directory " + metaDir, e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("sluice-metadata");
        config.setJdbcUrl(
                "jdbc:h2:file:" + metaDir.toAbsolutePath().resolve("sluice") + ";FILE_LOCK=FS;DB_CLOSE_ON_EXIT=FALSE");
        config.setUsername("sluice");
        config.setPassword("");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MetadataException(
                    "cannot open the metadata database in " + metaDir + " (is another broker using this data"
                            + " directory?)",
                    cause);
        }
        try {
            new MigrationRunner(ds, SchemaMigrations.all(), clock).migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new MetadataStore(ds);
    }

    /** The pooled data source, for stores and tests. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs read-only work with auto-commit. */
    public <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new MetadataException("metadata read failed", e);
        }
    }

    /** Runs work in one transaction; committed changes reach the disk within about a second. */
    public <T> T write(SqlWork<T> work) {
        return transaction(work, false);
    }

    /** Runs work in one transaction and forces the database to disk before returning. */
    public <T> T writeDurably(SqlWork<T> work) {
        return transaction(work, true);
    }

    private <T> T transaction(SqlWork<T> work, boolean durable) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                if (durable) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CHECKPOINT SYNC");
                    }
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new MetadataException("metadata write failed", e);
        }
    }

    /** Closes the pool; H2 closes the database file when its last connection closes. */
    @Override
    public void close() {
        dataSource.close();
    }
}
