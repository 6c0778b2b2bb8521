package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.config.FunctionMetrics;
import com.tradinginfra.pm.domain.Operator;
import com.tradinginfra.pm.domain.TradingPause;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import com.tradinginfra.pm.embedded.EmbeddedStackExtension;
import com.tradinginfra.pm.app.SweepRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricResolution;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tick, SyncHandler publishes the account's row of the health view and the age of the last
 * sweep: the metrics the template's stale and stuck-closing alarms read.
 */
class SyncHealthMetricsTest {
    private static final Instant TICK = Instant.parse("2026-11-20T15:00:00Z");

    @RegisterExtension
    static final EmbeddedStackExtension STACK = new EmbeddedStackExtension(TICK.minusSeconds(300));

    @Test
    void eachTickPublishesTheAccountsHealthViewAndTheAgeOfItsLastSweep(EmbeddedStack stack) throws Exception {
        Components parts = stack.components(ManagerSettings.defaults("large"));
        stack.simulator().setPrice("HLT", "42.00");
        stack.simulator().setPrice("STK", "42.00");
        stack.simulator().setPrice("OTH", "42.00");
        stack.dispatcher("large").stock("HLT", "buy", 3, new BigDecimal("40"), new BigDecimal("50"), "swing_trade", false, TICK.minusSeconds(240));
        stack.dispatcher("large").stock("STK", "buy", 2, new BigDecimal("40"), new BigDecimal("50"), "swing_trade", false, TICK.minusSeconds(240));
        stack.dispatcher("other").stock("OTH", "buy", 1, new BigDecimal("40"), new BigDecimal("50"), "swing_trade", false, TICK.minusSeconds(240));
        parts.syncService().sync(TICK.minusSeconds(120));
        parts.sweepService().sweep(new SweepRequest("large", TICK.minusSeconds(30), 0, 0, Long.MAX_VALUE));
        // one lot's close has been in progress for 10 minutes: closing and stuck
        stack.db().execute("UPDATE active_positions SET status = 'closing', close_reason = 'manual', close_attempts = 1, "
                + "close_requested_at = now() - interval '10 minutes' WHERE account_name = 'large' AND ticker = 'STK'");
        Recorded metrics = new Recorded();
        SyncHandler handler = new SyncHandler(parts.syncService(), new FunctionMetrics(metrics, "PositionManagerTest")
                .healthOf(parts.store(), "large"), FunctionMetrics.DaySummaryPublisher.NONE);
        ScheduledEvent event = EventLoader.loadScheduledEvent("../../events/sync-scheduled-event.json");

        handler.handleRequest(event, null);

        assertThat(metrics.namespace).isEqualTo("PositionManagerTest");
        assertThat(metrics.flushes).isEqualTo(1);
        Map<String, Double> view = healthView("large");
        assertThat(metrics.values).containsEntry("OpenPositions", view.get("open_positions"))
                .containsEntry("ClosingPositions", view.get("closing_positions"))
                .containsEntry("StalePositions", view.get("stale_positions"))
                .containsEntry("MissingBrackets", view.get("missing_brackets"))
                .containsEntry("CloseFailedPositions", view.get("close_failed"))
                .containsEntry("StuckClosingPositions", view.get("stuck_closing"))
                .containsEntry("ExpiringSoonPositions", view.get("expiring_soon"))
                .containsEntry("TradingPaused", view.get("paused"));
        // the other account's lot is not counted, nor STK, no longer open
        assertThat(metrics.values).containsEntry("OpenPositions", 1.0);
        assertThat(metrics.values.get("ClosingPositions") + metrics.values.get("CloseFailedPositions")
                + metrics.values.get("StuckClosingPositions")).as("STK's close, however far the tick took it").isPositive();
        // HLT was last swept 30 s before the tick
        assertThat(metrics.values).containsEntry("LastSweepAgeSeconds", 30.0);
        assertThat(metrics.units).containsEntry("LastSweepAgeSeconds", MetricUnit.SECONDS).containsEntry("OpenPositions", MetricUnit.COUNT);

        assertThat(metrics.values).containsEntry("TradingPaused", 0.0);

        handler.handleRequest(event, null);
        assertThat(metrics.flushes).as("one flush a tick").isEqualTo(2);
    }

    @Test
    void eachTickPublishesWhetherTheAccountsTradingIsPaused(EmbeddedStack stack) {
        Components parts = stack.components(ManagerSettings.defaults("paused"));
        Recorded metrics = new Recorded();
        SyncHandler handler = new SyncHandler(parts.syncService(), new FunctionMetrics(metrics, "PositionManagerTest")
                .healthOf(parts.store(), "paused"), FunctionMetrics.DaySummaryPublisher.NONE);
        ScheduledEvent event = EventLoader.loadScheduledEvent("../../events/sync-scheduled-event.json");
        handler.handleRequest(event, null);
        assertThat(metrics.values).containsEntry("TradingPaused", 0.0);

        parts.store().setTradingPause("paused", TradingPause.set(true, new Operator("ops", "broker incident"), TICK));
        handler.handleRequest(event, null);
        assertThat(metrics.values).containsEntry("TradingPaused", 1.0);

        parts.store().setTradingPause("paused", TradingPause.set(false, new Operator("ops", null), TICK.plusSeconds(60)));
        // another account's switch is its own
        parts.store().setTradingPause("otherpaused", TradingPause.set(true, new Operator("ops", "its own incident"), TICK));
        handler.handleRequest(event, null);
        assertThat(metrics.values).containsEntry("TradingPaused", 0.0);
    }

    private static Map<String, Double> healthView(String account) throws Exception {
        Map<String, Double> row = new LinkedHashMap<>();
        try (Connection c = STACK.stack().db().dataSource().getConnection();
             var ps = c.prepareStatement("SELECT * FROM v_position_health_by_account WHERE account_name = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                    // numbers as they are, the paused flag as 1/0 (TradingPaused), timestamps left out
                    Object value = rs.getObject(i);
                    if (value instanceof Number n) {
                        row.put(rs.getMetaData().getColumnName(i), n.doubleValue());
                    } else if (value instanceof Boolean b) {
                        row.put(rs.getMetaData().getColumnName(i), b ? 1.0 : 0.0);
                    }
                }
            }
        }
        return row;
    }

    /** Powertools' Metrics, recording instead of writing EMF. */
    static final class Recorded implements Metrics {
        final Map<String, Double> values = new LinkedHashMap<>();
        final Map<String, MetricUnit> units = new LinkedHashMap<>();
        String namespace;
        int flushes;

        @Override
        public void addMetric(String key, double value, MetricUnit unit, MetricResolution resolution) {
            values.put(key, value);
            units.put(key, unit);
        }

        @Override
        public void addDimension(DimensionSet dimensionSet) {
        }

        @Override
        public void setTimestamp(Instant timestamp) {
        }

        @Override
        public void addMetadata(String key, Object value) {
        }

        @Override
        public void setDefaultDimensions(DimensionSet dimensionSet) {
        }

        @Override
        public DimensionSet getDefaultDimensions() {
            return DimensionSet.of(Map.of());
        }

        @Override
        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public void setRaiseOnEmptyMetrics(boolean raiseOnEmptyMetrics) {
        }

        @Override
        public void clearDefaultDimensions() {
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void captureColdStartMetric(Context context, DimensionSet dimensions) {
        }

        @Override
        public void captureColdStartMetric(DimensionSet dimensions) {
        }

        @Override
        public void flushMetrics(Consumer<Metrics> metricsConsumer) {
            metricsConsumer.accept(this);
        }
    }
}
