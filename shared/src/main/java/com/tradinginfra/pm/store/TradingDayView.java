package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.ClosedLot;
import com.tradinginfra.pm.domain.InstrumentType;
import com.tradinginfra.pm.domain.PositionSide;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only SQL of a trading day: the lots it closed, read from {@code position_history}, and the
 * lots it opened, from {@code active_positions}. A history row is one exit of a lot (a lot that scaled
 * out has several): rows are grouped by {@code position_id}, and a lot belongs to the day of its last exit.
 */
final class TradingDayView {
    /** An account of null means every account: {@code CAST(? AS varchar) IS NULL}. */
    private static final String ACCOUNT = "(CAST(? AS varchar) IS NULL OR ph.account_name = ?)";

    private static final String CLOSED = "SELECT ph.position_id, ph.account_name, coalesce(ph.option_symbol, ph.ticker) AS symbol, "
            + "ph.instrument_type, ph.side, ph.strategy_type, ph.entry_price, ph.entry_time, ph.quantity, ph.exit_price, "
            + "ph.final_pnl_dollars, ph.close_reason, ph.closed_at, last.closed_at AS last_closed_at "
            + "FROM position_history ph "
            + "JOIN (SELECT ph.position_id, max(ph.closed_at) AS closed_at FROM position_history ph WHERE " + ACCOUNT
            + " GROUP BY ph.position_id HAVING max(ph.closed_at) >= ? AND max(ph.closed_at) < ?) last ON last.position_id = ph.position_id "
            // a lot that scaled out has history rows while it is still open: only closed lots belong to a day
            + "JOIN active_positions ap ON ap.id = ph.position_id AND ap.status = 'closed' "
            + "ORDER BY last.closed_at, ph.position_id, ph.closed_at, ph.id";

    private static final String OPENED = "SELECT count(*) FROM active_positions ph "
            + "WHERE (CAST(? AS varchar) IS NULL OR ph.account_name = ?) AND ph.entry_time >= ? AND ph.entry_time < ?";

    List<ClosedLot> closedBetween(Connection c, String account, Instant from, Instant to) throws SQLException {
        record Row(long id, String account, String symbol, InstrumentType type, PositionSide side, String strategy,
                   java.math.BigDecimal entryPrice, Instant entryTime, ClosedLot.Exit exit) {
        }
        List<Row> rows = Sql.query(c, CLOSED, rs -> new Row(rs.getLong("position_id"), rs.getString("account_name"),
                rs.getString("symbol"), InstrumentType.parse(rs.getString("instrument_type")), PositionSide.fromCode(rs.getString("side")),
                rs.getString("strategy_type"), rs.getBigDecimal("entry_price"), Sql.instant(rs, "entry_time"),
                new ClosedLot.Exit(rs.getBigDecimal("quantity"), rs.getBigDecimal("exit_price"), rs.getBigDecimal("final_pnl_dollars"),
                        CloseReason.fromCode(rs.getString("close_reason")), Sql.instant(rs, "closed_at"))),
                account, account, from, to);
        Map<Long, List<Row>> byLot = new LinkedHashMap<>();
        rows.forEach(r -> byLot.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r));
        List<ClosedLot> out = new ArrayList<>(byLot.size());
        byLot.forEach((id, lot) -> {
            Row first = lot.get(0);
            out.add(new ClosedLot(id, first.account(), first.symbol(), first.type(), first.side(), first.strategy(), first.entryPrice(),
                    first.entryTime(), lot.stream().map(Row::exit).toList()));
        });
        return out;
    }

    int openedBetween(Connection c, String account, Instant from, Instant to) throws SQLException {
        return Sql.query(c, OPENED, rs -> rs.getInt(1), account, account, from, to).get(0);
    }
}
