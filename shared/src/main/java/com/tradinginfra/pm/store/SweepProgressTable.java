package com.tradinginfra.pm.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** The SQL of {@code sweep_progress}. */
final class SweepProgressTable {
    /**
     * Moves the range's mark forward: no row back means a newer sweep already ran. The same time
     * passes again, because a retry of a sweep whose broker read failed must run; a duplicate
     * is harmless, every state change being conditional.
     */
    private static final String CLAIM = "INSERT INTO sweep_progress (account_name, from_lot_id, last_as_of) VALUES (?, ?, ?) "
            + "ON CONFLICT (account_name, from_lot_id) DO UPDATE SET last_as_of = EXCLUDED.last_as_of "
            + "WHERE sweep_progress.last_as_of <= EXCLUDED.last_as_of RETURNING last_as_of";

    boolean claim(Connection c, String account, long fromLotId, Instant asOf) throws SQLException {
        return !Sql.query(c, CLAIM, rs -> rs.getTimestamp(1), account, fromLotId, asOf).isEmpty();
    }
}
