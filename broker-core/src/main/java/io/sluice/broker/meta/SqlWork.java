package io.sluice.broker.meta;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work on one connection, run by {@link MetadataStore}. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
