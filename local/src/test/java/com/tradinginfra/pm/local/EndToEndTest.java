package com.tradinginfra.pm.local;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.OccSymbol;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.app.SweepRequest;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain on the embedded stack: EventBridge tick → SyncFunction → SweepQueue →
 * SweepFunction → CloseQueue → CloseOrderFunction → broker fill → next sync confirms. Checks the
 * database and the orders the simulator received.
 */
class EndToEndTest {
    /** Monday 2026-11-23, 10:00 ET: the market is open. */
    private static final Instant OPEN = Instant.parse("2026-11-23T15:00:00Z");
    private static OneMachineStack stack;
    private static AlpacaSimulator sim;
    private static Instant now = OPEN;

    @BeforeAll
    static void start() {
        stack = OneMachineStack.start(OneMachineStack.Options.simulated(ManagerSettings.defaults("large").withSweepsPerMinute(1), OPEN));
        sim = stack.simulator();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** One simulated minute: the clock moves, the tick fires, every queue is drained. */
    private static void minute() {
        now = now.plusSeconds(60);
        stack.advanceTo(now);
        stack.tick(now);
        stack.drain();
    }

    private static Map<String, Object> row(String sql) throws Exception {
        try (Connection c = stack.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
            }
            return out;
        }
    }

    private static long count(String sql) throws Exception {
        return ((Number) row(sql).values().iterator().next()).longValue();
    }

    private static List<AlpacaSimulator.Order> ordersFor(String account, String symbol) {
        return sim.orders(account).stream().filter(o -> o.symbol().equals(symbol)).toList();
    }

    @Test
    void aStockFallingThroughItsStopIsClosedByExactlyOneSellOrderOfItsQuantity() throws Exception {
        sim.setPrice("AAPL", "100.00");
        EntryTrader.Opened opened = stack.dispatcher().stock("AAPL", "buy", 10, new BigDecimal("95"),
                new BigDecimal("115"), "swing_trade", false, now);
        minute();
        assertThat(row("SELECT status FROM active_positions WHERE execution_id = '" + opened.executionId() + "'"))
                .containsEntry("status", "open");

        sim.setPrice("AAPL", "94.20");
        minute(); // sweep: stop → CLOSING → close order → filled at the broker
        minute(); // sync: the fill confirms the close

        Map<String, Object> lot = row("SELECT status, close_reason, exit_price, realized_pnl, quantity, closed_quantity "
                + "FROM active_positions WHERE execution_id = '" + opened.executionId() + "'");
        assertThat(lot).containsEntry("status", "closed").containsEntry("close_reason", "stop_loss");
        assertThat((BigDecimal) lot.get("exit_price")).isEqualByComparingTo("94.20");
        assertThat((BigDecimal) lot.get("realized_pnl")).isEqualByComparingTo("-58.00");
        assertThat((BigDecimal) lot.get("closed_quantity")).isEqualByComparingTo("10");
        List<AlpacaSimulator.Order> sells = ordersFor("large", "AAPL").stream().filter(o -> o.side().equals("sell")).toList();
        assertThat(sells).singleElement().satisfies(o -> {
            assertThat(o.qty()).isEqualByComparingTo("10");
            assertThat(o.clientOrderId()).startsWith("pm-large-");
        });
        assertThat(sim.position("large", "AAPL")).isEmpty();
        assertThat(count("SELECT count(*) FROM position_history ph JOIN active_positions ap ON ap.id = ph.position_id "
                + "WHERE ap.execution_id = '" + opened.executionId() + "' AND ph.outcome = 'loss'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM position_events pe JOIN active_positions ap ON ap.id = pe.position_id "
                + "WHERE ap.execution_id = '" + opened.executionId() + "' AND pe.event_type IN ('tracked', 'exit_triggered', 'close_submitted', 'closed')"))
                .isEqualTo(4);
    }

    @Test
    void aCallOptionIsClosedByItsOccSymbolAndNoOrderNamesTheUnderlying() throws Exception {
        String occ = "GOOGL261218C00340000";
        sim.setPrice("GOOGL", "330.00");
        sim.setPrice(occ, "5.00");
        EntryTrader.Opened opened = stack.dispatcher().option("GOOGL", occ, "CALL", 2, new BigDecimal("4.00"),
                new BigDecimal("7.50"), "swing_trade", LocalDate.of(2026, 12, 18), now);
        minute();
        sim.setPrice(occ, "3.90");
        minute();
        minute();
        Map<String, Object> lot = row("SELECT status, close_reason, exit_price, realized_pnl FROM active_positions "
                + "WHERE execution_id = '" + opened.executionId() + "'");
        assertThat(lot).containsEntry("status", "closed").containsEntry("close_reason", "stop_loss");
        assertThat((BigDecimal) lot.get("realized_pnl")).isEqualByComparingTo("-220.00"); // (3.90 - 5.00) × 2 × 100
        assertThat(ordersFor("large", "GOOGL")).isEmpty();
        assertThat(ordersFor("large", occ).stream().filter(o -> o.side().equals("sell")).toList()).singleElement()
                .satisfies(o -> assertThat(o.qty()).isEqualByComparingTo("2"));
        assertThat(sim.position("large", "GOOGL")).isEmpty();
    }

    @Test
    void aLotClosedByItsBracketLegBetweenTwoTicksEndsClosedWithTheLegsFillPrice() throws Exception {
        sim.setPrice("MSFT", "400.00");
        EntryTrader.Opened opened = stack.dispatcher().stock("MSFT", "buy", 5, new BigDecimal("380"),
                new BigDecimal("460"), "swing_trade", true, now);
        assertThat(opened.stopOrderId()).isNotNull();
        minute();
        assertThat(row("SELECT status, bracket_order_accepted FROM active_positions WHERE execution_id = '" + opened.executionId() + "'"))
                .containsEntry("status", "open").containsEntry("bracket_order_accepted", true);
        // Between two ticks the price gaps through the stop: the broker's stop leg sells.
        now = now.plusSeconds(20);
        stack.advanceTo(now);
        sim.setPrice("MSFT", "378.50");
        AlpacaSimulator.Order leg = sim.order("large", opened.stopOrderId()).orElseThrow();
        assertThat(leg.status()).isEqualTo("filled");
        minute();
        Map<String, Object> lot = row("SELECT status, close_reason, exit_price FROM active_positions WHERE execution_id = '"
                + opened.executionId() + "'");
        assertThat(lot).containsEntry("status", "closed").containsEntry("close_reason", "stop_loss");
        assertThat((BigDecimal) lot.get("exit_price")).isEqualByComparingTo(leg.filledAvgPrice());
        // The manager sent no order of its own: the leg closed it.
        assertThat(ordersFor("large", "MSFT").stream().filter(o -> o.clientOrderId() != null && o.clientOrderId().startsWith("pm-")))
                .isEmpty();
    }

    @Test
    void syncingTheSameExecutionsTwiceCreatesNoDuplicateLot() throws Exception {
        sim.setPrice("NVDA", "150.00");
        EntryTrader.Opened opened = stack.dispatcher().stock("NVDA", "buy", 3, new BigDecimal("140"),
                new BigDecimal("170"), "swing_trade", false, now);
        stack.tick(now);
        stack.tick(now);
        minute();
        assertThat(count("SELECT count(*) FROM active_positions WHERE execution_id = '" + opened.executionId() + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM active_positions WHERE account_name = 'large' AND ticker = 'NVDA'")).isEqualTo(1);
    }

    @Test
    void twoAccountsShareOneDatabaseAndNeverTouchEachOthersRows() throws Exception {
        try (OneMachineStack tiny = OneMachineStack.start(new OneMachineStack.Options(ManagerSettings.defaults("tiny").withSweepsPerMinute(1), null,
                stack.database(), null, true, java.time.Duration.ofSeconds(2), now))) {
            tiny.simulator().setPrice("AMD", "100.00");
            EntryTrader.Opened tinyLot = tiny.dispatcher().stock("AMD", "buy", 7, new BigDecimal("95"),
                    new BigDecimal("120"), "swing_trade", false, now);
            tiny.tick(now);
            tiny.drain();
            Map<String, Object> before = row("SELECT * FROM active_positions WHERE execution_id = '" + tinyLot.executionId() + "'");
            assertThat(before).containsEntry("account_name", "tiny").containsEntry("status", "open");

            // large's broker has no AMD: if large read tiny's lot it would close or adopt; it must do neither.
            sim.setPrice("AMD", "50.00");
            minute();
            minute();
            Map<String, Object> after = row("SELECT * FROM active_positions WHERE execution_id = '" + tinyLot.executionId() + "'");
            assertThat(after).isEqualTo(before);
            assertThat(count("SELECT count(*) FROM active_positions WHERE account_name = 'large' AND ticker = 'AMD'")).isZero();
            assertThat(count("SELECT count(*) FROM position_events WHERE account_name = 'large' AND position_id = "
                    + before.get("id"))).isZero();
            assertThat(sim.orders("large").stream().filter(o -> o.symbol().equals("AMD"))).isEmpty();
        }
    }

    @Test
    void aSweepOfAThousandLotsMakesConstantRoundTripsAndOnePriceRequestPerBatch() {
        Map<String, Long> small = sweepOf(100, 40, "A");
        Map<String, Long> large = sweepOf(1000, 400, "B");
        assertThat(large.get("db")).isEqualTo(small.get("db"));
        assertThat(large.get("db")).isLessThanOrEqualTo(6);
        // 600 stock symbols in batches of 500, 400 option symbols in batches of 100
        assertThat(large.get("stocks")).isEqualTo(2);
        assertThat(large.get("options")).isEqualTo(4);
        assertThat(small.get("stocks")).isEqualTo(1);
        assertThat(small.get("options")).isEqualTo(1);
    }

    /** Tracks {@code lots} lots directly (bypassing sync), sends one sweep, and counts what it cost. */
    private Map<String, Long> sweepOf(int lots, int options, String prefix) {
        List<NewLot> newLots = new ArrayList<>();
        LocalDate expiry = LocalDate.of(2027, 1, 15);
        for (int i = 0; i < lots; i++) {
            boolean option = i < options;
            String root = prefix + "X" + i;
            Instrument instrument = option
                    ? new Instrument.OptionContract(new OccSymbol(root.length() > 6 ? root.substring(0, 6) : root, expiry,
                    com.tradinginfra.pm.domain.InstrumentType.CALL, new BigDecimal(100 + i)))
                    : new Instrument.Stock(root);
            sim.setPrice(instrument.orderSymbol(), "10.00");
            newLots.add(new NewLot("large", UUID.randomUUID(), instrument, PositionSide.LONG, BigDecimal.ONE, new BigDecimal("10.00"),
                    now, new BigDecimal("5"), new BigDecimal("20"), "swing_trade", null, ProtectiveLegs.NONE, null));
        }
        try (ReusableConnection c = new ReusableConnection(stack.dataSource())) {
            List<Long> ids = new JdbcPositionStore(c).track(newLots, now);
            stack.drain();
            sim.resetRequestLog();
            stack.sweepRoundTrips().reset();
            long first = ids.get(0);
            long last = ids.get(ids.size() - 1);
            stack.sqs().client().sendMessage(b -> b.queueUrl(stack.sqs().queueUrl(QueueTopology.SWEEP))
                    .messageBody(MessageCodec.encode(new SweepRequest("large", now, 0, first, last))));
            stack.drain();
            try (Connection conn = stack.dataSource().getConnection(); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM active_positions WHERE id BETWEEN " + first + " AND " + last
                         + " AND current_price = 10 AND last_checked_at IS NOT NULL")) {
                rs.next();
                assertThat(rs.getInt(1)).as("lots priced by the sweep").isEqualTo(lots);
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
            return Map.of("db", stack.sweepRoundTrips().count(),
                    "stocks", (long) sim.requests("GET", "/v2/stocks/snapshots").size(),
                    "options", (long) sim.requests("GET", "/v1beta1/options/snapshots").size());
        }
    }
}
