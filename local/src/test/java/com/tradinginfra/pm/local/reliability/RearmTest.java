package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.app.Outbound;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.domain.exit.MissingBracketsAction;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code MISSING_BRACKETS_ACTION=rearm} on the embedded stack (PostgreSQL, ElasticMQ, the simulator over
 * HTTP): a stock lot whose legs were cancelled gets exactly one OCO, recorded as its legs, and its later
 * close cancels the OCO first and sells once; options are closed; nothing outside the session; a partial
 * entry fill is protected for what filled. Each test uses its own symbols.
 */
class RearmTest {
    @RegisterExtension
    static final StackFixture f = new StackFixture(ManagerSettings.defaults("large").withSweepsPerMinute(1)
            .withMissingBrackets(MissingBracketsAction.REARM));

    /** The concurrent syncs' sweeps and closes go nowhere: only their orders at the broker count here. */
    private static final Outbound DISCARD = new Outbound() {
        @Override
        public void sendSweeps(List<DelayedSweep> sweeps) {
        }

        @Override
        public void sendCloses(List<com.tradinginfra.pm.app.CloseRequest> closes) {
        }
    };

    @AfterEach
    void clearFaults() {
        f.sim.faults().clear();
        f.sim.resetRateLimits(); // many tests on one simulated account within few simulated minutes
    }

    private static EntryTrader.Opened bracketed(String symbol, int qty, String entry, String stop, String target, Integer maxHold) {
        f.sim.setPrice(symbol, entry);
        return f.stack.dispatcher().open(new EntryTrader.Entry(symbol, symbol, "STOCK", "buy", qty, new BigDecimal(stop),
                new BigDecimal(target), "swing_trade", true, maxHold, null), f.now);
    }

    private static List<AlpacaSimulator.Order> ocos(String symbol) {
        return f.sim.orders(f.stack.account()).stream()
                .filter(o -> o.symbol().equals(symbol) && o.orderClass().equals("oco") && o.parentId() == null).toList();
    }

    private static List<AlpacaSimulator.Order> marketSells(String symbol) {
        return f.ourOrders(symbol).stream().filter(o -> o.side().equals("sell") && o.type().equals("market")).toList();
    }

    private static long lotId(EntryTrader.Opened opened) {
        return ((Number) f.lotOf(opened.executionId()).get("id")).longValue();
    }

    /** The OCO is the lot's protection: its limit and stop are the lot's legs, at the lot's target and stop. */
    private static void assertProtectedBy(AlpacaSimulator.Order oco, EntryTrader.Opened opened, String qty, String stop, String target) {
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(oco.clientOrderId()).isEqualTo("pm-large-" + lot.get("id") + "-r1");
        assertThat(oco.qty()).isEqualByComparingTo(qty);
        assertThat(oco.side()).isEqualTo("sell");
        assertThat(oco.limitPrice()).isEqualByComparingTo(target);
        AlpacaSimulator.Order stopLeg = f.sim.order(f.stack.account(), oco.legIds().get(0)).orElseThrow();
        assertThat(stopLeg.type()).isEqualTo("stop");
        assertThat(stopLeg.stopPrice()).isEqualByComparingTo(stop);
        assertThat(lot).containsEntry("status", "open").containsEntry("target_order_id", oco.id())
                .containsEntry("stop_order_id", stopLeg.id()).containsEntry("protection_arms", 1);
        assertThat(f.count("SELECT count(*) FROM position_events WHERE event_type = 'protection_armed' AND position_id = "
                + lot.get("id"))).isEqualTo(1);
    }

    @Test
    void aLotWhoseLegsWereCancelledGetsExactlyOneOcoAndItsLaterCloseCancelsItFirstAndSellsOnce() {
        var opened = bracketed("RAM", 10, "50.00", "47.50", "75.00", 8);
        f.minute();
        assertThat(f.stack.dispatcher().cancel(opened.stopOrderId())).isTrue(); // cancelling one leg cancels the other
        f.minute();
        assertThat(ocos("RAM")).hasSize(1);
        assertProtectedBy(ocos("RAM").get(0), opened, "10", "47.5", "75");

        f.stack.tick(f.now); // the same tick delivered again
        f.stack.drain();
        f.minutes(2);
        assertThat(ocos("RAM")).as("one OCO whatever the ticks").hasSize(1);
        assertThat(f.sim.position(f.stack.account(), "RAM").orElseThrow().qtyAvailable()).isEqualByComparingTo("0");

        f.minutes(6); // past the 8-minute maximum hold: the manager closes the lot
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "closed").containsEntry("close_reason", "max_hold_time");
        AlpacaSimulator.Order oco = ocos("RAM").get(0);
        assertThat(oco.status()).isEqualTo("canceled");
        assertThat(f.sim.order(f.stack.account(), oco.legIds().get(0)).orElseThrow().status()).isEqualTo("canceled");
        assertThat(marketSells("RAM")).singleElement().satisfies(s -> assertThat(s.qty()).isEqualByComparingTo("10"));
        assertThat(f.sim.position(f.stack.account(), "RAM")).isEmpty();
        assertThat(ocos("RAM")).hasSize(1);
    }

    @Test
    void whenThePriceCrossesTheStopTheOcoStopSellsOnceAndTheLotClosesAsAStopLoss() {
        var opened = bracketed("RSL", 6, "40.00", "38.00", "60.00", null);
        f.minute();
        f.stack.dispatcher().cancel(opened.targetOrderId());
        f.minute();
        assertThat(ocos("RSL")).hasSize(1);
        f.sim.setPrice("RSL", "37.50");
        f.minutes(2);
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closed").containsEntry("close_reason", "stop_loss");
        assertThat(ocos("RSL").get(0).status()).as("the limit is cancelled by its stop's fill").isEqualTo("canceled");
        assertThat(marketSells("RSL")).as("no close order on top of the OCO's fill").isEmpty();
        assertThat(f.sim.fills(f.stack.account()).stream().filter(x -> x.symbol().equals("RSL") && x.side().startsWith("sell")))
                .singleElement().satisfies(x -> assertThat(x.qty()).isEqualByComparingTo("6"));
        assertThat(f.sim.position(f.stack.account(), "RSL")).isEmpty();
    }

    @Test
    void aSubmitThatFailsAfterTheBrokerAcceptedItIsFoundNotPlacedTwice() {
        var opened = bracketed("RLF", 5, "30.00", "28.50", "45.00", null);
        f.minute();
        f.stack.dispatcher().cancel(opened.stopOrderId());
        f.sim.faults().acceptThenFail("POST", "/v2/orders", 1);
        f.minute(); // the OCO is placed, the answer is a 500: nothing recorded
        assertThat(ocos("RLF")).hasSize(1);
        assertThat(f.lotOf(opened.executionId())).containsEntry("protection_arms", 0);
        f.minute(); // found by its client order id, recorded, not sent again
        assertThat(ocos("RLF")).hasSize(1);
        assertProtectedBy(ocos("RLF").get(0), opened, "5", "28.5", "45");
        assertThat(f.sim.requests("POST", "/v2/orders").stream().filter(r -> r.body() != null
                && r.body().contains("\"oco\"") && r.body().contains("\"RLF\"")))
                .hasSize(1);
    }

    /** Concurrent: ran as @RepeatedTest(20) before it was reduced to 2. */
    @RepeatedTest(2)
    void twoSyncsAtOnceStillPlaceOneOco(RepetitionInfo repetition) throws Exception {
        String symbol = "RTW" + (char) ('A' + repetition.getCurrentRepetition());
        var opened = bracketed(symbol, 4, "20.00", "19.00", "30.00", null);
        f.minute();
        f.stack.dispatcher().cancel(opened.stopOrderId());
        f.now = f.now.plusSeconds(60);
        f.stack.advanceTo(f.now);
        Components a = f.container(DISCARD);
        Components b = f.container(DISCARD);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Instant tick = f.now;
            Future<?> x = pool.submit(() -> { go.await(); return a.syncService().sync(tick); });
            Future<?> y = pool.submit(() -> { go.await(); return b.syncService().sync(tick); });
            go.countDown();
            x.get();
            y.get();
        } finally {
            pool.shutdownNow();
        }
        a.syncService().sync(f.now.plusSeconds(1));
        assertThat(ocos(symbol)).hasSize(1);
        assertProtectedBy(ocos(symbol).get(0), opened, "4", "19", "30");
    }

    @Test
    void anOptionLotWithMissingLegsIsClosedNotRearmed() {
        String occ = "ROP261218C00050000";
        f.sim.setPrice("ROP", "52.00");
        f.sim.setPrice(occ, "4.00");
        var opened = f.stack.dispatcher().option("ROP", occ, "CALL", 2, new BigDecimal("2.00"), new BigDecimal("8.00"),
                "swing_trade", LocalDate.of(2026, 12, 18), f.now);
        // The dispatcher recorded protective legs the broker never had for the contract.
        f.sql("UPDATE dispatch_executions SET stop_order_id = 'no-such-stop', target_order_id = 'no-such-target' "
                + "WHERE execution_id = '" + opened.executionId() + "'");
        f.minutes(2);
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closed").containsEntry("close_reason", "missing_brackets");
        assertThat(ocos(occ)).isEmpty();
        assertThat(marketSells(occ)).singleElement().satisfies(s -> assertThat(s.qty()).isEqualByComparingTo("2"));
        assertThat(f.sim.position(f.stack.account(), occ)).isEmpty();
    }

    @Test
    void outsideTheSessionTheLotWaitsForTheOpenInsteadOfClosing() {
        var opened = bracketed("RHR", 3, "60.00", "57.00", "90.00", null);
        f.minute();
        Instant saved = f.now;
        f.now = Instant.parse("2026-11-23T21:30:00Z"); // 16:30 ET, after the close
        if (f.now.isAfter(saved)) {
            f.stack.advanceTo(f.now);
        }
        f.stack.dispatcher().cancel(opened.stopOrderId());
        f.minutes(3);
        assertThat(ocos("RHR")).isEmpty();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "open").containsEntry("protection_arms", 0);
        f.now = Instant.parse("2026-11-24T14:31:00Z"); // 09:31 ET the next day
        f.stack.advanceTo(f.now);
        f.minute();
        assertThat(ocos("RHR")).hasSize(1);
        assertProtectedBy(ocos("RHR").get(0), opened, "3", "57", "90");
    }

    @Test
    void aPartialEntryFillWhoseBracketDidNotActivateIsProtectedForWhatFilled() {
        f.sim.setPrice("RPF", "25.00");
        f.sim.partialFillNext("RPF", new BigDecimal("4"));
        var opened = f.stack.dispatcher().bracketPartial("RPF", 10, new BigDecimal("23.75"), new BigDecimal("37.50"), f.now);
        assertThat(f.sim.order(f.stack.account(), opened.stopOrderId()).orElseThrow().status()).isEqualTo("held");
        // The dispatcher cancels the rest of the entry: its held legs go with it, never having been active.
        assertThat(f.stack.dispatcher().cancel(opened.orderId())).isTrue();
        assertThat(f.sim.order(f.stack.account(), opened.stopOrderId()).orElseThrow().status()).isEqualTo("canceled");
        f.minute();
        assertThat(ocos("RPF")).hasSize(1);
        assertProtectedBy(ocos("RPF").get(0), opened, "4", "23.75", "37.5");
        assertThat(f.sim.position(f.stack.account(), "RPF").orElseThrow().qty()).isEqualByComparingTo("4");
    }
}
