package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.LotSettlement;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The SQL of {@code position_history}: one row per exit of a lot. An exit that leaves some of the
 * lot (a scale-out, a bracket leg or an outside order that took part of it) is a {@code partial}
 * row with that exit's quantity, price and P&L; the exit that closes the lot is its one
 * {@code final} row, holding what the partial rows did not (so a lot's rows add up to its realised
 * P&L, and a lot that closed in one exit has one row, as before).
 */
final class HistoryTable {
    private static final String COLUMNS = "account_name, position_id, execution_id, ticker, instrument_type, option_symbol, side, "
            + "strategy_type, quantity, entry_price, exit_price, peak_price, entry_time, closed_at, hold_minutes, "
            + "final_pnl_dollars, final_pnl_percent, outcome, close_reason, exit_kind, exit_value";

    private static final String RECORD_FINAL = "INSERT INTO position_history (" + COLUMNS + ") "
            + "SELECT ap.account_name, ap.id, ap.execution_id, ap.ticker, ap.instrument_type, ap.option_symbol, ap.side, "
            + "ap.strategy_type, r.qty, ap.entry_price, round(r.value / r.qty, 4), ap.peak_price, ap.entry_time, ap.closed_at, "
            + "greatest(0, floor(EXTRACT(EPOCH FROM (ap.closed_at - ap.entry_time)) / 60))::integer, r.pnl, "
            + "round((r.value / r.qty - ap.entry_price) / ap.entry_price * 100 * CASE ap.side WHEN 'long' THEN 1 ELSE -1 END, 4), "
            + "CASE WHEN r.pnl > 0 THEN 'win' WHEN r.pnl < 0 THEN 'loss' ELSE 'breakeven' END, ap.close_reason, 'final', r.value "
            + "FROM active_positions ap "
            + "CROSS JOIN LATERAL (SELECT ap.closed_quantity - coalesce(sum(ph.quantity), 0) AS qty, "
            + "    ap.exit_value - coalesce(sum(coalesce(ph.exit_value, ph.quantity * ph.exit_price)), 0) AS value, "
            + "    coalesce(ap.realized_pnl, 0) - coalesce(sum(ph.final_pnl_dollars), 0) AS pnl "
            + "  FROM position_history ph WHERE ph.position_id = ap.id AND ph.exit_kind = 'partial') r "
            + "WHERE ap.account_name = ? AND ap.status = 'closed' AND ap.id = ANY(?::bigint[]) AND r.qty > 0 "
            + "ON CONFLICT (position_id) WHERE exit_kind = 'final' DO NOTHING";

    private static final String RECORD_PARTIAL = "INSERT INTO position_history (" + COLUMNS + ") "
            + "SELECT ap.account_name, ap.id, ap.execution_id, ap.ticker, ap.instrument_type, ap.option_symbol, ap.side, "
            + "ap.strategy_type, v.qty, ap.entry_price, round(v.value / v.qty, 4), ap.peak_price, ap.entry_time, v.at, "
            + "greatest(0, floor(EXTRACT(EPOCH FROM (v.at - ap.entry_time)) / 60))::integer, v.pnl, "
            + "round((v.value / v.qty - ap.entry_price) / ap.entry_price * 100 * CASE ap.side WHEN 'long' THEN 1 ELSE -1 END, 4), "
            + "CASE WHEN v.pnl > 0 THEN 'win' WHEN v.pnl < 0 THEN 'loss' ELSE 'breakeven' END, v.reason, 'partial', v.value "
            + "FROM " + SettlementArrays.UNNEST + " "
            + "JOIN active_positions ap ON ap.id = v.id WHERE ap.account_name = ? AND ap.status <> 'closed' AND v.qty > 0";

    void record(Connection c, String account, Collection<Long> closedLotIds) throws SQLException {
        if (!closedLotIds.isEmpty()) {
            Sql.update(c, RECORD_FINAL, account, Sql.array(c, "bigint", List.copyOf(closedLotIds)));
        }
    }

    /** One partial row per settlement that left some of its lot (call after the settlement is booked). */
    void recordPartial(Connection c, String account, List<LotSettlement> partial) throws SQLException {
        if (partial.isEmpty()) {
            return;
        }
        Object[] params = SettlementArrays.of(c, partial, account);
        Sql.update(c, RECORD_PARTIAL, params);
    }
}
