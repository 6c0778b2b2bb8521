package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.TradingPause;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The SQL of {@code trading_pause}: the operators' kill switch, one row per account. */
final class PauseTable {
    private static final String READ = "SELECT paused, changed_by, reason, changed_at FROM trading_pause WHERE account_name = ?";

    /** Sets the switch only when it changes, so pausing twice keeps who paused first and when. */
    private static final String SET = "INSERT INTO trading_pause (account_name, paused, changed_by, reason, changed_at) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_name) DO UPDATE SET paused = EXCLUDED.paused, "
            + "changed_by = EXCLUDED.changed_by, reason = EXCLUDED.reason, changed_at = EXCLUDED.changed_at "
            + "WHERE trading_pause.paused <> EXCLUDED.paused RETURNING account_name";

    TradingPause read(Connection c, String account) throws SQLException {
        List<TradingPause> rows = Sql.query(c, READ, rs -> new TradingPause(rs.getBoolean("paused"), rs.getString("changed_by"),
                rs.getString("reason"), Sql.instant(rs, "changed_at")), account);
        return rows.isEmpty() ? TradingPause.NEVER_SET : rows.get(0);
    }

    boolean set(Connection c, String account, TradingPause pause) throws SQLException {
        return !Sql.query(c, SET, rs -> rs.getString(1), account, pause.paused(), pause.by(), pause.reason(), pause.since()).isEmpty();
    }
}
