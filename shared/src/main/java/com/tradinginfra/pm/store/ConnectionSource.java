package com.tradinginfra.pm.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hands out the container's database connection. A Lambda container handles one event at a
 * time, so one connection, opened once and reused while it is healthy, is all it needs (RDS Proxy
 * does the pooling).
 */
public interface ConnectionSource extends AutoCloseable {

    /** The live connection, reconnecting if the previous one broke. */
    Connection connection() throws SQLException;

    /** Drops the current connection after an error that may have broken it. */
    void invalidate();

    @Override
    void close();
}
