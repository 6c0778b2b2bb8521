package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.domain.exit.ExitSettings;
import com.tradinginfra.pm.domain.exit.ScaleOut;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale out, then breakeven, on the embedded stack (PostgreSQL, ElasticMQ, the Alpaca simulator
 * over HTTP through the real adapter), with {@code TAKE_PARTIAL_PROFIT_PCT=5}: a bracketed long
 * stock lot sells half at +5 % and the rest at its breakeven stop; a short option lot scales out by
 * its OCC symbol; a partial exit that fills in part leaves the lot consistent; and no order of ours
 * ever asks for more than the broker holds. Each test uses its own symbols.
 */
class ScaleOutStackTest {
    @RegisterExtension
    static final StackFixture f = new StackFixture(ManagerSettings.defaults("large").withSweepsPerMinute(1)
            .withExits(ExitSettings.defaults().withScaleOut(new ScaleOut(new BigDecimal("5"), new BigDecimal("0.5"), true))));

    private static BigDecimal dec(Object o) {
        return new BigDecimal(o.toString());
    }

    /** Every order of ours for {@code symbol} asked for no more than the broker held at the time (the simulator refuses more). */
    private static void neverOversold(String symbol) {
        for (AlpacaSimulator.Order o : f.ourOrders(symbol)) {
            assertThat(o.status()).as("order %s of %s", o.clientOrderId(), symbol).isNotEqualTo("rejected");
        }
        assertThat(f.sim.position(f.stack.account(), symbol).map(AlpacaSimulator.Position::qty).orElse(BigDecimal.ZERO).signum())
                .as("no position in the other direction").isNotEqualTo(-1);
    }

    private List<Map<String, Object>> exits(Object lotId) {
        return f.rows("SELECT exit_kind, quantity, exit_price, final_pnl_dollars, close_reason FROM v_position_performance "
                + "WHERE position_id = " + lotId + " ORDER BY exit_id");
    }

    @Test
    void aLongStockLotScalesOutHalfAtItsPartialTargetAndTheRestExitsAtBreakeven() {
        f.sim.setPrice("SCLA", "100.00");
        EntryTrader.Opened opened = f.stack.dispatcher().stock("SCLA", "buy", 10, new BigDecimal("95.00"), new BigDecimal("130.00"),
                "swing_trade", true, f.now);
        f.minute();
        Object id = f.lotOf(opened.executionId()).get("id");

        f.sim.setPrice("SCLA", "105.00");
        f.minutes(2);
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "open").containsEntry("partial_exit_taken", true).containsEntry("legs_released", true);
        assertThat(dec(lot.get("quantity"))).isEqualByComparingTo("5");
        assertThat(dec(lot.get("stop_loss"))).as("breakeven").isEqualByComparingTo("100.00");
        assertThat(dec(lot.get("realized_pnl"))).isEqualByComparingTo("25.00");
        assertThat(f.sim.order(f.stack.account(), opened.stopOrderId()).orElseThrow().status()).isEqualTo("canceled");
        assertThat(f.ourOrders("SCLA")).singleElement().satisfies(o -> {
            assertThat(o.clientOrderId()).isEqualTo("pm-large-" + id + "-s1");
            assertThat(o.qty()).isEqualByComparingTo("5");
        });
        assertThat(f.rows("SELECT details FROM position_events WHERE event_type = 'partial_exit' AND position_id = " + id))
                .singleElement().satisfies(r -> assertThat(r.get("details").toString()).contains("\"quantity\": \"5\""));

        f.minutes(2); // the released legs are not missing; no second scale-out
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "open");
        assertThat(f.ourOrders("SCLA")).hasSize(1);

        f.sim.setPrice("SCLA", "99.90");
        f.minutes(2);
        lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "closed").containsEntry("close_reason", "stop_loss");
        assertThat(dec(lot.get("realized_pnl"))).as("25.00 + 5 × (99.90 − 100)").isEqualByComparingTo("24.50");
        assertThat(f.ourOrders("SCLA")).hasSize(2);
        assertThat(f.sim.position(f.stack.account(), "SCLA")).isEmpty();
        neverOversold("SCLA");
        List<Map<String, Object>> exits = exits(id);
        assertThat(exits).extracting(r -> r.get("exit_kind")).containsExactly("partial", "final");
        assertThat(exits).extracting(r -> r.get("close_reason")).containsExactly("partial_profit", "stop_loss");
        assertThat(dec(exits.get(0).get("final_pnl_dollars")).add(dec(exits.get(1).get("final_pnl_dollars"))))
                .isEqualByComparingTo("24.50");
    }

    @Test
    void aShortOptionLotScalesOut() {
        String occ = "SCLB261218P00050000";
        f.sim.setPrice(occ, "5.00");
        EntryTrader.Opened opened = f.stack.dispatcher().open(new EntryTrader.Entry(occ, "SCLB", "PUT", "sell", 4,
                new BigDecimal("6.00"), new BigDecimal("2.00"), "swing_trade", false, null, LocalDate.of(2026, 12, 18)), f.now);
        f.minute();
        Object id = f.lotOf(opened.executionId()).get("id");
        assertThat(f.lotOf(opened.executionId())).containsEntry("side", "short");

        f.sim.setPrice(occ, "4.70");
        f.minutes(2);
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "open").containsEntry("partial_exit_taken", true);
        assertThat(dec(lot.get("quantity"))).isEqualByComparingTo("2");
        BigDecimal fill = f.sim.fills(f.stack.account()).stream().filter(x -> x.symbol().equals(occ) && x.side().equals("buy"))
                .map(AlpacaSimulator.Fill::price).findFirst().orElseThrow();
        assertThat(dec(lot.get("realized_pnl"))).as("2 contracts × (5.00 − fill) × 100")
                .isEqualByComparingTo(new BigDecimal("5.00").subtract(fill).multiply(new BigDecimal("200")));
        assertThat(dec(lot.get("stop_loss"))).isEqualByComparingTo("5.00");
        assertThat(f.ourOrders(occ)).singleElement().satisfies(o -> {
            assertThat(o.side()).isEqualTo("buy");
            assertThat(o.qty()).isEqualByComparingTo("2");
            assertThat(o.clientOrderId()).endsWith("-s1");
        });
        assertThat(f.sim.position(f.stack.account(), occ).orElseThrow().qty()).isEqualByComparingTo("-2");
        assertThat(exits(id)).singleElement().satisfies(r -> assertThat(r.get("exit_kind")).isEqualTo("partial"));
    }

    @Test
    void aPartialExitThatFillsPartlyLeavesTheLotConsistent() {
        f.sim.setPrice("SCLC", "50.00");
        EntryTrader.Opened opened = f.stack.dispatcher().stock("SCLC", "buy", 10, new BigDecimal("47.50"), new BigDecimal("70.00"),
                "swing_trade", true, f.now);
        f.minute();
        Object id = f.lotOf(opened.executionId()).get("id");

        f.sim.partialFillNext("SCLC", new BigDecimal("2"));
        f.sim.setPrice("SCLC", "52.50");
        f.minute(); // the sweep scales out: 2 of the 5 fill on arrival
        AlpacaSimulator.Order partial = f.ourOrders("SCLC").get(0);
        assertThat(partial.clientOrderId()).isEqualTo("pm-large-" + id + "-s1");
        assertThat(partial.status()).isEqualTo("partially_filled");

        f.sim.partialFillNext("SCLC", new BigDecimal("2"));
        f.minute(); // 2 more fill at the next event: 4 of 5, and the order still works when sync looks
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(f.sim.order(f.stack.account(), partial.id()).orElseThrow().status()).isEqualTo("partially_filled");
        assertThat(lot).as("its order still works").containsEntry("status", "closing");
        assertThat(dec(lot.get("quantity"))).isEqualByComparingTo("6");
        assertThat(dec(lot.get("realized_pnl"))).isEqualByComparingTo("10.00");

        assertThat(f.stack.dispatcher().cancel(partial.id())).isTrue(); // the rest of it is cancelled at the broker
        f.minutes(2);
        lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "open");
        assertThat(dec(lot.get("quantity"))).as("original − filled exit quantity").isEqualByComparingTo("6");
        assertThat(dec(lot.get("closed_quantity"))).isEqualByComparingTo("4");
        assertThat(dec(lot.get("realized_pnl"))).isEqualByComparingTo("10.00");
        assertThat(dec(lot.get("stop_loss"))).isEqualByComparingTo("50.00");
        assertThat(f.sim.position(f.stack.account(), "SCLC").orElseThrow().qty()).isEqualByComparingTo("6");
        assertThat(f.count("SELECT count(*) FROM position_events WHERE event_type = 'anomaly' AND details->>'symbol' = 'SCLC'")).isZero();
        assertThat(f.count("SELECT count(*) FROM position_events WHERE event_type = 'partial_exit' AND position_id = " + id))
                .isPositive();

        f.sim.setPrice("SCLC", "49.90");
        f.minutes(2);
        lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "closed");
        assertThat(dec(lot.get("realized_pnl"))).as("10.00 + 6 × (49.90 − 50)").isEqualByComparingTo("9.40");
        assertThat(f.sim.position(f.stack.account(), "SCLC")).isEmpty();
        neverOversold("SCLC");
    }
}
