package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.embedded.EmbeddedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The operators' views rendered as aligned tables. */
class ViewCommandTest {
    private static EmbeddedDatabase db;

    @BeforeAll
    static void rows() {
        db = EmbeddedDatabase.start(); // its own throw-away database: the rows below are all there is
        db.execute("INSERT INTO active_positions (account_name, ticker, instrument_type, option_symbol, side, quantity, original_quantity, "
                + "entry_price, entry_time, stop_loss, take_profit, strategy_type, current_price, current_pnl_dollars, current_pnl_percent, "
                + "peak_price, last_checked_at, status, expiration_date) VALUES "
                + "('large', 'AAPL', 'STOCK', NULL, 'long', 10, 10, 190.5, now() - interval '30 minutes', 180, 210, 'swing_trade', 192.25, 17.5, 0.92, 192.25, now(), 'open', NULL), "
                + "('large', 'GOOGL', 'CALL', 'GOOGL261218C00340000', 'long', 2, 2, 5.10, now() - interval '2 hours', 3, 9, 'day_trade', 4.80, -60, -5.88, 5.2, now(), 'closing', '2026-12-18'), "
                + "('tiny', 'AMD', 'STOCK', NULL, 'short', 7, 7, 100, now() - interval '3 hours', 105, 90, 'swing_trade', NULL, NULL, NULL, NULL, NULL, 'open', NULL)");
        db.execute("INSERT INTO active_positions (account_name, ticker, instrument_type, side, quantity, original_quantity, entry_price, "
                + "entry_time, status, close_reason, exit_price, realized_pnl, closed_at) VALUES "
                + "('large', 'MSFT', 'STOCK', 'long', 0, 5, 400, now() - interval '1 day', 'closed', 'stop_loss', 380, -100, now() - interval '1 hour')");
        db.execute("INSERT INTO position_history (account_name, position_id, ticker, instrument_type, side, strategy_type, quantity, "
                + "entry_price, exit_price, entry_time, closed_at, hold_minutes, final_pnl_dollars, final_pnl_percent, outcome, close_reason) "
                + "SELECT account_name, id, ticker, instrument_type, side, 'swing_trade', 5, 400, 380, entry_time, closed_at, 1380, -100, -5, "
                + "'loss', 'stop_loss' FROM active_positions WHERE ticker = 'MSFT'");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static void assertAligned(List<String> lines) {
        String header = lines.get(0);
        String rule = lines.get(1);
        assertThat(rule).matches("[- ]+");
        int longest = lines.stream().mapToInt(l -> l.stripTrailing().length()).max().orElseThrow();
        assertThat(rule.length()).isEqualTo(longest);
        assertThat(header.indexOf("symbol")).isEqualTo(lines.get(2).indexOf(lines.get(2).split("\\s+")[1]));
    }

    @Test
    void positionsListsOpenClosingAndFailedLotsNewestFirst() {
        String text = ViewCommand.render("positions", db.dataSource(), null, 50);
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).contains("symbol", "type", "qty", "entry", "last", "pnl", "stop", "target", "status");
        assertAligned(lines);
        assertThat(lines.get(2)).contains("AAPL", "190.50", "192.25", "open");
        assertThat(lines.get(3)).contains("GOOGL261218C00340000", "closing");
        assertThat(text).contains("AMD").doesNotContain("MSFT").contains("3 positions");
        assertThat(ViewCommand.render("positions", db.dataSource(), "tiny", 50)).contains("AMD").doesNotContain("AAPL");
        assertThat(ViewCommand.render("positions", db.dataSource(), "nobody", 50)).isEqualTo("no open positions in account nobody");
    }

    @Test
    void healthShowsTheRunbookCountersAndPerAccountRows() {
        String text = ViewCommand.render("health", db.dataSource(), null, 50);
        assertThat(text).contains("open_positions", "closing_positions", "stale_positions", "missing_brackets", "open_day_trades",
                "expiring_soon", "close_failed", "stuck_closing", "per account", "large", "tiny");
        assertThat(text.lines().filter(l -> l.startsWith("open_positions")).findFirst().orElseThrow()).endsWith("2");
    }

    @Test
    void historyListsClosedPositionsWithOutcomeAndReason() {
        String text = ViewCommand.render("history", db.dataSource(), null, 10);
        List<String> lines = text.lines().toList();
        assertAligned(lines);
        assertThat(lines.get(2)).contains("MSFT", "400", "380", "loss", "-100", "stop_loss");
        assertThat(text).contains("final", "1 exit (newest first");
    }
}
