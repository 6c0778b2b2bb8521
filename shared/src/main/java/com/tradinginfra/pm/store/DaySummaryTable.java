package com.tradinginfra.pm.store;

import com.google.gson.JsonObject;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.DaySummary;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * The SQL of {@code daily_summaries} (V10): one row per account and trading day, written once. The
 * insert is conditional on the primary key, so repeated ticks and concurrent syncs write one row.
 */
final class DaySummaryTable {
    private static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM daily_summaries WHERE account_name = ? AND trading_day = ?)";
    private static final String INSERT = "INSERT INTO daily_summaries (account_name, trading_day, lots_opened, lots_closed, "
            + "winning_lots, losing_lots, realized_pnl, win_rate_percent, pnl_by_strategy, pnl_by_reason, recorded_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?) "
            + "ON CONFLICT (account_name, trading_day) DO NOTHING";

    boolean recorded(Connection c, String account, LocalDate day) throws SQLException {
        return Sql.query(c, EXISTS, rs -> rs.getBoolean(1), account, day).get(0);
    }

    boolean insert(Connection c, String account, DaySummary s, Instant at) throws SQLException {
        JsonObject byStrategy = new JsonObject();
        s.byStrategy().forEach(byStrategy::addProperty);
        JsonObject byReason = new JsonObject();
        for (Map.Entry<CloseReason, BigDecimal> e : s.byReason().entrySet()) {
            byReason.addProperty(e.getKey().code(), e.getValue());
        }
        return Sql.update(c, INSERT, account, s.day(), s.lotsOpened(), s.lotsClosed(), s.wins(), s.losses(), s.realizedPnl(),
                s.winRatePercent().orElse(null), byStrategy.toString(), byReason.toString(), at) == 1;
    }
}
