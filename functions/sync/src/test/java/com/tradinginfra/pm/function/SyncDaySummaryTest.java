package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.config.FunctionMetrics;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On embedded PostgreSQL and the simulator's calendar: the first SyncFunction tick five minutes after
 * the close records the day's summary in daily_summaries and publishes it as metrics, once.
 */
class SyncDaySummaryTest {
    /** Friday 2026-11-20 closes at 16:00 New York, 21:00 UTC. */
    private static final Instant CLOSE = Instant.parse("2026-11-20T21:00:00Z");
    private static EmbeddedStack stack;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start(CLOSE.minusSeconds(7200));
        stack.db().truncateAll();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static ScheduledEvent tick(Instant t) {
        return new ScheduledEvent().withTime(new DateTime(t.toEpochMilli(), DateTimeZone.UTC));
    }

    @Test
    void theFirstTickFiveMinutesAfterTheCloseRecordsAndPublishesTheDaysSummaryOnce() throws Exception {
        // a lot of the day, closed at its target (as sync and HistoryTable write it)
        stack.db().execute("INSERT INTO active_positions (id, account_name, ticker, instrument_type, side, quantity, original_quantity, "
                + "entry_price, entry_time, strategy_type, status, close_reason, closed_quantity, exit_value, exit_price, realized_pnl, "
                + "closed_at) VALUES (901, 'daily', 'AAPL', 'STOCK', 'long', 0, 10, 100, '2026-11-20T15:00:00Z', 'swing_trade', 'closed', "
                + "'take_profit', 10, 1152, 115.20, 152.00, '2026-11-20T19:00:00Z')");
        stack.db().execute("INSERT INTO position_history (account_name, position_id, ticker, instrument_type, side, strategy_type, "
                + "quantity, entry_price, exit_price, entry_time, closed_at, hold_minutes, final_pnl_dollars, final_pnl_percent, outcome, "
                + "close_reason) VALUES ('daily', 901, 'AAPL', 'STOCK', 'long', 'swing_trade', 10, 100, 115.20, '2026-11-20T15:00:00Z', "
                + "'2026-11-20T19:00:00Z', 240, 152.00, 15.2, 'win', 'take_profit')");
        Components parts = stack.components(ManagerSettings.defaults("daily"));
        SyncHealthMetricsTest.Recorded metrics = new SyncHealthMetricsTest.Recorded();
        SyncHandler handler = new SyncHandler(parts.syncService(), FunctionMetrics.HealthPublisher.NONE,
                new FunctionMetrics(metrics, "PositionManagerTest")::publish);

        Map<String, Object> before = handler.handleRequest(tick(CLOSE.plusSeconds(4 * 60)), null);
        assertThat(before).doesNotContainKey("daySummaryRecorded");
        assertThat(metrics.flushes).isZero();

        Map<String, Object> after = handler.handleRequest(tick(CLOSE.plusSeconds(5 * 60)), null);

        assertThat(after).containsEntry("daySummaryRecorded", "2026-11-20");
        assertThat(metrics.flushes).isEqualTo(1);
        assertThat(metrics.values).containsEntry("DayLotsClosed", 1.0).containsEntry("DayLotsOpened", 1.0)
                .containsEntry("DayWinningLots", 1.0).containsEntry("DayLosingLots", 0.0).containsEntry("DayRealizedPnl", 152.0)
                .containsEntry("DayWinRatePercent", 100.0);
        assertThat(metrics.units).containsEntry("DayWinRatePercent", MetricUnit.PERCENT).containsEntry("DayLotsClosed", MetricUnit.COUNT);

        handler.handleRequest(tick(CLOSE.plusSeconds(6 * 60)), null);
        handler.handleRequest(tick(CLOSE.plusSeconds(4 * 3600)), null);
        assertThat(metrics.flushes).as("published once").isEqualTo(1);
        try (Connection c = stack.db().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*), min(realized_pnl), min(win_rate_percent), "
                     + "min(pnl_by_reason ->> 'take_profit') FROM daily_summaries WHERE account_name = 'daily'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("152.00");
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("100.0");
            assertThat(rs.getString(4)).isEqualTo("152.00");
        }
    }
}
