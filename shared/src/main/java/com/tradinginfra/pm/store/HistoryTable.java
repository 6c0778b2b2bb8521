package com.tradinginfra.pm.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** The SQL of {@code position_history}: one row per closed lot, written once. */
final class HistoryTable {
    private static final String RECORD = "INSERT INTO position_history (account_name, position_id, execution_id, ticker, "
            + "instrument_type, option_symbol, side, strategy_type, quantity, entry_price, exit_price, peak_price, entry_time, "
            + "closed_at, hold_minutes, final_pnl_dollars, final_pnl_percent, outcome, close_reason) "
            + "SELECT ap.account_name, ap.id, ap.execution_id, ap.ticker, ap.instrument_type, ap.option_symbol, ap.side, "
            + "ap.strategy_type, ap.closed_quantity, ap.entry_price, ap.exit_price, ap.peak_price, ap.entry_time, ap.closed_at, "
            + "greatest(0, floor(EXTRACT(EPOCH FROM (ap.closed_at - ap.entry_time)) / 60))::integer, ap.realized_pnl, "
            + "round((ap.exit_price - ap.entry_price) / ap.entry_price * 100 * CASE ap.side WHEN 'long' THEN 1 ELSE -1 END, 4), "
            + "CASE WHEN ap.realized_pnl > 0 THEN 'win' WHEN ap.realized_pnl < 0 THEN 'loss' ELSE 'breakeven' END, ap.close_reason "
            + "FROM active_positions ap WHERE ap.account_name = ? AND ap.status = 'closed' AND ap.id = ANY(?::bigint[]) "
            + "ON CONFLICT (position_id) DO NOTHING";

    void record(Connection c, String account, Collection<Long> closedLotIds) throws SQLException {
        if (!closedLotIds.isEmpty()) {
            Sql.update(c, RECORD, account, Sql.array(c, "bigint", List.copyOf(closedLotIds)));
        }
    }
}
