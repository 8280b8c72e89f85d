package io.sluice.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MigrationRunnerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private JdbcDataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        return ds;
    }

    private static final Migration ONE =
            new Migration(1, "things", List.of("CREATE TABLE IF NOT EXISTS things (id INT PRIMARY KEY)"));
    private static final Migration TWO =
            new Migration(2, "thing names", List.of("ALTER TABLE things ADD COLUMN name VARCHAR(20)"));

    @Test
    void appliesMissingMigrationsInOrderAndRecordsThem() throws SQLException {
        JdbcDataSource ds = dataSource();
        assertThat(new MigrationRunner(ds, List.of(ONE), CLOCK).migrate()).isEqualTo(1);
        assertThat(new MigrationRunner(ds, List.of(ONE, TWO), CLOCK).migrate()).isEqualTo(2);
        // Running again changes nothing.
        assertThat(new MigrationRunner(ds, List.of(ONE, TWO), CLOCK).migrate()).isEqualTo(2);
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO things (id, name) VALUES (1, 'one')");
            try (ResultSet rs = s.executeQuery(
                    "SELECT version, description, applied_at_ms FROM schema_version" + " ORDER BY version")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo("things");
                assertThat(rs.getLong(3)).isEqualTo(CLOCK.millis());
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void refusesADatabaseNewerThanTheBroker() {
        JdbcDataSource ds = dataSource();
        new MigrationRunner(ds, List.of(ONE, TWO), CLOCK).migrate();
        assertThatThrownBy(() -> new MigrationRunner(ds, List.of(ONE), CLOCK).migrate())
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("version 2 is newer");
    }

    @Test
    void failedMigrationIsNotRecorded() throws SQLException {
        JdbcDataSource ds = dataSource();
        Migration broken = new Migration(2, "broken", List.of("ALTER TABLE no_such_table ADD COLUMN x INT"));
        assertThatThrownBy(() -> new MigrationRunner(ds, List.of(ONE, broken), CLOCK).migrate())
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("migration 2 (broken) failed");
        try (Connection c = ds.getConnection()) {
            assertThat(MigrationRunner.currentVersion(c)).isEqualTo(1);
        }
    }

    @Test
    void migrationsMustBeNumberedWithoutGaps() {
        assertThatThrownBy(() -> new MigrationRunner(dataSource(), List.of(TWO), CLOCK))
                .hasMessageContaining("expected 1");
    }

    @Test
    void theBrokerSchemaMigratesAnEmptyDatabase() throws SQLException {
        JdbcDataSource ds = dataSource();
        int version = new MigrationRunner(ds, SchemaMigrations.all(), CLOCK).migrate();
        assertThat(version).isEqualTo(SchemaMigrations.all().size());
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT next_unreserved FROM producer_id_reservation")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
