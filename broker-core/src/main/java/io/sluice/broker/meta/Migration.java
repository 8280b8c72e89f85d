package io.sluice.broker.meta;

import java.util.List;
import java.util.Objects;

/**
 * One step of the metadata schema: a version number (1, 2, 3, ... without gaps), what it does, and
 * the SQL statements that do it. A released migration is never edited; a change to the schema is
 * a new migration.
 *
 * <p>Immutable; thread-safe.
 *
 * @param version the schema version this migration produces
 * @param description a short summary, stored in {@code schema_version}
 * @param statements SQL statements run in order
 */
public record Migration(int version, String description, List<String> statements) {
    public Migration {
        Objects.requireNonNull(description, "description");
        statements = List.copyOf(statements);
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1: " + version);
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("migration " + version + " has no statements");
        }
    }
}
