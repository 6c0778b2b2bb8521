package com.tradinginfra.pm.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/** A {@link ConnectionSource} that keeps one connection from a {@link DataSource} and reopens it when it breaks. */
public final class ReusableConnection implements ConnectionSource {
    private final DataSource dataSource;
    private Connection connection;

    public ReusableConnection(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public synchronized Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
        }
        return connection;
    }

    @Override
    public synchronized void invalidate() {
        close();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken: nothing to release
            }
            connection = null;
        }
    }
}
