package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.EventType;
import com.tradinginfra.pm.domain.Execution;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code dispatch_executions}: the dispatcher's table, read only. */
final class ExecutionTable {
    private static final String COLUMNS = "de.execution_id, de.account_name, de.ticker, de.instrument_type, de.option_symbol, "
            + "de.side, de.quantity, de.filled_qty, de.entry_price, de.stop_loss, de.take_profit, de.strategy_type, "
            + "de.max_hold_minutes, de.expiration_date, de.execution_mode, de.status, de.broker_order_id, "
            + "de.stop_order_id, de.target_order_id, de.executed_at";

    /** The rule of {@code Execution.isFilledAtBroker()}, as a filter: filled paper and live executions only. */
    private static final String UNTRACKED = "SELECT " + COLUMNS + " FROM dispatch_executions de "
            + "WHERE de.account_name = ? AND de.execution_mode IN ('ALPACA_PAPER', 'LIVE') "
            + "AND upper(de.status) IN ('FILLED', 'PARTIALLY_FILLED') "
            + "AND NOT EXISTS (SELECT 1 FROM active_positions ap WHERE ap.execution_id = de.execution_id) "
            // The type as a literal, not a parameter: the partial unique index on rejections then applies.
            + "AND NOT EXISTS (SELECT 1 FROM position_events pe WHERE pe.event_type = '" + EventType.EXECUTION_REJECTED.code() + "' "
            + "                AND pe.account_name = de.account_name AND pe.execution_id = de.execution_id) "
            + "ORDER BY de.executed_at NULLS LAST, de.execution_id LIMIT ?";

    private static final String ONE = "SELECT " + COLUMNS + " FROM dispatch_executions de "
            + "WHERE de.account_name = ? AND de.execution_id = ?";

    List<Execution> untracked(Connection c, String account, int limit) throws SQLException {
        return Sql.query(c, UNTRACKED, ExecutionTable::map, account, limit);
    }

    Optional<Execution> find(Connection c, String account, UUID id) throws SQLException {
        return Sql.query(c, ONE, ExecutionTable::map, account, id).stream().findFirst();
    }

    private static Execution map(ResultSet rs) throws SQLException {
        return new Execution(Sql.uuid(rs, "execution_id"), rs.getString("account_name"), rs.getString("ticker"),
                rs.getString("instrument_type"), rs.getString("option_symbol"), rs.getString("side"),
                Sql.decimal(rs, "quantity"), Sql.decimal(rs, "filled_qty"), Sql.decimal(rs, "entry_price"),
                Sql.decimal(rs, "stop_loss"), Sql.decimal(rs, "take_profit"), rs.getString("strategy_type"),
                Sql.integer(rs, "max_hold_minutes"), Sql.date(rs, "expiration_date"), rs.getString("execution_mode"),
                rs.getString("status"), rs.getString("broker_order_id"), rs.getString("stop_order_id"),
                rs.getString("target_order_id"), Sql.instant(rs, "executed_at"));
    }
}
