package com.tradinginfra.pm.embedded;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseTest {
    @Test
    void migrationsCreateTheContractTablesAndViews() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start();
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String relation : new String[]{"dispatch_executions", "active_positions", "position_events", "position_history",
                    "v_open_positions_summary", "v_position_performance", "v_position_health_check"}) {
                try (ResultSet rs = s.executeQuery("SELECT to_regclass('public." + relation + "') IS NOT NULL")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).as(relation).isTrue();
                }
            }
            // The runbook's queries run unchanged.
            s.executeQuery("SELECT open_positions, closing_positions, stale_positions, missing_brackets, open_day_trades, "
                    + "expiring_soon, close_failed FROM v_position_health_check").close();
            s.executeQuery("SELECT ticker, instrument_type, strategy_type, entry_price, current_price, current_pnl_dollars, "
                    + "current_pnl_percent, hold_minutes, hours_to_expiration, bracket_order_accepted "
                    + "FROM v_open_positions_summary ORDER BY entry_time DESC").close();
            s.executeQuery("SELECT ticker, instrument_type, outcome, final_pnl_dollars, final_pnl_percent, hold_minutes, close_reason "
                    + "FROM v_position_performance WHERE closed_at >= CURRENT_DATE ORDER BY closed_at DESC").close();
            s.executeQuery("SELECT * FROM position_events ORDER BY created_at DESC LIMIT 20").close();
            s.executeQuery("SELECT ap.*, de.execution_mode FROM active_positions ap "
                    + "JOIN dispatch_executions de ON de.execution_id = ap.execution_id ORDER BY ap.created_at DESC").close();
            try (ResultSet rs = s.executeQuery("SELECT peak_price FROM active_positions LIMIT 0")) {
                assertThat(rs.getMetaData().getColumnName(1)).isEqualTo("peak_price");
            }
        }
    }
}
