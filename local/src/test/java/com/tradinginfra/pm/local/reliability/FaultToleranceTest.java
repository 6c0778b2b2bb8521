package com.tradinginfra.pm.local.reliability;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.function.CloseOrderHandler;
import com.tradinginfra.pm.function.SweepHandler;
import com.tradinginfra.pm.local.LocalContext;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.app.Outbound;
import com.tradinginfra.pm.app.SweepRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults injected through the real parts — the Alpaca simulator's fault switches, PostgreSQL,
 * ElasticMQ — never by mocking the code under test. Each test uses its own symbols.
 */
class FaultToleranceTest {
    @RegisterExtension
    static final StackFixture f = new StackFixture();

    @AfterEach
    void clearFaults() {
        f.sim.faults().clear();
        f.sim.setRateLimit(AlpacaSimulator.DEFAULT_RATE_LIMIT);
        f.sim.resetRateLimits();
    }

    private static EntryTrader.Opened longStock(String symbol, int qty, String entry, String stop) {
        f.sim.setPrice(symbol, entry);
        BigDecimal e = new BigDecimal(entry);
        return f.stack.dispatcher().stock(symbol, "buy", qty, new BigDecimal(stop), e.multiply(new BigDecimal("1.5")),
                "swing_trade", false, f.now);
    }

    @Test
    void aFailedPriceReadChangesNoLotAndTheExitHappensAfterRecovery() {
        var opened = longStock("RPX", 10, "50.00", "47.50");
        f.minute();
        Object checkedBefore = f.lotOf(opened.executionId()).get("last_checked_at");
        f.sim.setPrice("RPX", "45.00");
        f.sim.faults().failNext("GET", "/v2/stocks/snapshots", 503, 1);
        f.minute();
        Map<String, Object> during = f.lotOf(opened.executionId());
        assertThat(during.get("status")).isEqualTo("open");
        assertThat(during.get("last_checked_at")).isEqualTo(checkedBefore);
        assertThat(f.ourSells("RPX")).isEmpty();
        f.redeliver(); // SQS hands the failed sweep back; the broker answers now
        f.minute();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closed").containsEntry("close_reason", "stop_loss");
        assertThat(f.ourSells("RPX")).hasSize(1);
    }

    @Test
    void aTimeoutAndAConnectionResetAreRetriedThroughSqs() {
        var a = longStock("TMO", 4, "80.00", "76.00");
        var b = longStock("RST", 6, "30.00", "28.50");
        f.minute();
        f.sim.setPrice("TMO", "75.00");
        f.sim.setPrice("RST", "28.00");
        // after sync's reads: the close batch's orders read times out, its positions read meets a reset
        f.minute(() -> {
            f.sim.faults().delay("/v2/orders", Duration.ofSeconds(11), 1); // beyond the 10 s read timeout
            f.sim.faults().resetConnection("/v2/positions", 1);
        });
        assertThat(f.lotOf(a.executionId())).containsEntry("status", "closing");
        f.redeliver();
        f.redeliver();
        f.minute();
        assertThat(f.lotOf(a.executionId())).containsEntry("status", "closed");
        assertThat(f.lotOf(b.executionId())).containsEntry("status", "closed");
        assertThat(f.ourSells("TMO")).hasSize(1);
        assertThat(f.ourSells("RST")).hasSize(1);
    }

    @Test
    void aLostResponseIsFoundByItsClientOrderIdAndTheBrokerSeesOneOrder() {
        var opened = longStock("LST", 10, "20.00", "19.00");
        f.minute();
        f.sim.setPrice("LST", "18.50");
        f.sim.faults().acceptThenFail("POST", "/v2/orders", 1);
        f.minute(); // the order is created but the answer is a 500: the item fails
        assertThat(f.ourSells("LST")).hasSize(1);
        assertThat(f.lotOf(opened.executionId()).get("close_order_id")).isNull();
        f.redeliver(); // found by client_order_id, recorded, not sent again
        assertThat(f.lotOf(opened.executionId()).get("close_order_id")).isEqualTo(f.ourSells("LST").get(0).id());
        f.minute();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closed");
        assertThat(f.ourSells("LST")).hasSize(1);
    }

    @Test
    void aRateLimitedCloseBacksOffAndIsRetried() {
        var opened = longStock("RLT", 3, "10.00", "9.50");
        f.minute();
        f.sim.setPrice("RLT", "9.00");
        f.sim.faults().failNext("POST", "/v2/orders", 429, 1);
        f.minute();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closing");
        assertThat(f.ourSells("RLT")).isEmpty();
        f.redeliver();
        f.minute();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closed");
        assertThat(f.ourSells("RLT")).hasSize(1);
    }

    @Test
    void aSweepStaysWithinTheAccountsRequestsPerMinute() {
        // Many lots and their exits: count every request the account made in the minute.
        List<EntryTrader.Opened> lots = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lots.add(longStock("RQ" + i, 1, "10.00", "9.50"));
        }
        f.minute();
        f.sim.resetRequestLog();
        for (int i = 0; i < 30; i++) {
            f.sim.setPrice("RQ" + i, "9.00");
        }
        f.minute();
        f.minute();
        long requests = f.sim.requests().stream().filter(r -> "large".equals(r.account())).count();
        assertThat(requests).isPositive().isLessThanOrEqualTo(200);
        assertThat(f.sim.requests().stream().filter(r -> r.status() == 429)).isEmpty();
        for (var lot : lots) {
            assertThat(f.lotOf(lot.executionId())).containsEntry("status", "closed");
        }
    }

    @Test
    void aDatabaseFailureAfterTheOrderWasSubmittedIsReconciledByTheNextSync() {
        var opened = longStock("DBF", 5, "40.00", "38.00");
        f.minute();
        f.sim.setPrice("DBF", "37.00");
        f.sql("CREATE OR REPLACE FUNCTION pm_test_fail() RETURNS trigger AS $$ BEGIN "
                + "IF NEW.close_order_id IS NOT NULL AND NEW.ticker = 'DBF' THEN RAISE EXCEPTION 'injected: database down'; END IF; "
                + "RETURN NEW; END $$ LANGUAGE plpgsql");
        f.sql("CREATE TRIGGER pm_test_fail BEFORE UPDATE ON active_positions FOR EACH ROW EXECUTE FUNCTION pm_test_fail()");
        try {
            f.minute(); // the close order is submitted and fills; recording it fails
            assertThat(f.ourSells("DBF")).hasSize(1);
            assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closing");
        } finally {
            f.sql("DROP TRIGGER pm_test_fail ON active_positions");
        }
        f.minute(); // sync finds the order by its client id and books its fill
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "closed").containsEntry("close_reason", "stop_loss");
        assertThat((BigDecimal) lot.get("exit_price")).isEqualByComparingTo("37.00");
        f.redeliver(); // the failed message comes back: the lot is closed, nothing is sent
        assertThat(f.ourSells("DBF")).hasSize(1);
    }

    @Test
    void aClosingLotWhoseMessageWasNeverSentIsResent() {
        var opened = longStock("OBX", 2, "60.00", "57.00");
        f.minute();
        // The sweep committed CLOSING and then the function died before sending: do just that half.
        long id = ((Number) f.lotOf(opened.executionId()).get("id")).longValue();
        var store = f.container().store();
        store.recordSweep("large", List.of(new com.tradinginfra.pm.domain.SweepOutcome(id, new BigDecimal("56"), null, null,
                new com.tradinginfra.pm.domain.exit.ExitDecision.Exit(com.tradinginfra.pm.domain.CloseReason.STOP_LOSS, "injected"))), f.now);
        f.sim.setPrice("OBX", "56.00");
        f.minute(); // sync re-sends the undispatched close
        f.minute();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closed");
        assertThat(f.ourSells("OBX")).hasSize(1);
        assertThat(f.count("SELECT count(*) FROM position_events WHERE position_id = " + id + " AND event_type = 'close_resent'")).isEqualTo(1);
    }

    @Test
    void aLostCloseMessageIsReExaminedOnceStuckAndTheHealthViewShowsStuckLots() {
        var opened = longStock("LCM", 3, "70.00", "66.50");
        f.minute();
        f.sim.setPrice("LCM", "66.00");
        // The sweep sends the close request; SQS loses it (the queue is purged before anyone reads it).
        f.now = f.now.plusSeconds(60);
        f.stack.advanceTo(f.now);
        f.stack.tick(f.now);
        f.stack.sweepConsumer().pollOnce(0);
        f.stack.sqs().client().purgeQueue(b -> b.queueUrl(f.stack.sqs().queueUrl(QueueTopology.CLOSE)));
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closing");
        f.sql("UPDATE active_positions SET close_requested_at = now() - interval '10 minutes' WHERE ticker = 'LCM'");
        assertThat(((Number) f.row("SELECT stuck_closing FROM v_position_health_check").get("stuck_closing")).longValue()).isPositive();
        f.sql("UPDATE active_positions SET close_requested_at = '" + f.now + "' WHERE ticker = 'LCM'");
        f.minutes(3);
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closing");
        f.minute(); // past STUCK_CLOSING_MINUTES the lot is re-examined: no order at the broker, so it is re-sent
        f.minute(); // and its fill is booked
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closed");
        assertThat(f.ourSells("LCM")).hasSize(1);
    }

    @Test
    void theSameCloseMessageDeliveredTwiceAtOnceMakesOneOrder() throws Exception {
        List<EntryTrader.Opened> lots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lots.add(longStock("DUP" + i, 10, "25.00", "23.75"));
        }
        f.minute();
        // Move them to CLOSING without sending (we deliver the messages ourselves, twice, at once).
        var store = f.container().store();
        List<CloseRequest> requests = new ArrayList<>();
        for (var lot : lots) {
            long id = ((Number) f.lotOf(lot.executionId()).get("id")).longValue();
            store.recordSweep("large", List.of(new com.tradinginfra.pm.domain.SweepOutcome(id, new BigDecimal("23"), null, null,
                    new com.tradinginfra.pm.domain.exit.ExitDecision.Exit(com.tradinginfra.pm.domain.CloseReason.STOP_LOSS, "t"))), f.now);
            requests.add(new CloseRequest("large", id, 1, "stop_loss", f.now));
        }
        CloseOrderHandler first = new CloseOrderHandler(f.container().closeOrderService());
        CloseOrderHandler second = new CloseOrderHandler(f.container().closeOrderService());
        for (CloseRequest r : requests) {
            SQSEvent event = event(MessageCodec.encode(r));
            runTogether(() -> first.handleRequest(event, new LocalContext("a")), () -> second.handleRequest(event, new LocalContext("b")));
        }
        f.minute();
        for (int i = 0; i < 5; i++) {
            assertThat(f.ourSells("DUP" + i)).as("orders for DUP" + i).hasSize(1);
            assertThat(f.lotOf(lots.get(i).executionId())).containsEntry("status", "closed");
        }
    }

    @Test
    void twoSweepsOfTheSameAccountAtOnceSendOneCloseRequest() throws Exception {
        var opened = longStock("TWS", 4, "90.00", "85.50");
        f.minute();
        f.sim.setPrice("TWS", "85.00");
        List<List<CloseRequest>> sent = new CopyOnWriteArrayList<>();
        Outbound capture = new Outbound() {
            @Override
            public void sendSweeps(List<DelayedSweep> sweeps) {
            }

            @Override
            public void sendCloses(List<CloseRequest> closes) {
                sent.add(closes);
            }
        };
        SweepHandler a = new SweepHandler(f.container(capture).sweepService());
        SweepHandler b = new SweepHandler(f.container(capture).sweepService());
        f.now = f.now.plusSeconds(30);
        f.stack.advanceTo(f.now);
        SQSEvent event = event(MessageCodec.encode(SweepRequest.all("large", f.now, 0)));
        runTogether(() -> a.handleRequest(event, new LocalContext("a")), () -> b.handleRequest(event, new LocalContext("b")));
        long id = ((Number) f.lotOf(opened.executionId()).get("id")).longValue();
        assertThat(sent.stream().flatMap(List::stream).filter(r -> r.lotId() == id)).hasSize(1);
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closing").containsEntry("close_attempts", 1);
    }

    @Test
    void syncRunningWhileACloseIsInFlightEndsWithOneOrder() throws Exception {
        var opened = longStock("SWC", 8, "15.00", "14.25");
        f.minute();
        long id = ((Number) f.lotOf(opened.executionId()).get("id")).longValue();
        var store = f.container().store();
        store.recordSweep("large", List.of(new com.tradinginfra.pm.domain.SweepOutcome(id, new BigDecimal("14"), null, null,
                new com.tradinginfra.pm.domain.exit.ExitDecision.Exit(com.tradinginfra.pm.domain.CloseReason.STOP_LOSS, "t"))), f.now);
        f.sim.setPrice("SWC", "14.00");
        CloseOrderHandler close = new CloseOrderHandler(f.container().closeOrderService());
        // Sync may see the lot CLOSING before the close handler marks it and re-send the close: through
        // the stack's real queue, so the re-sent request is consumed too and must still make one order.
        var sync = f.container(f.stack.outbound()).syncService();
        f.now = f.now.plusSeconds(60);
        f.stack.advanceTo(f.now);
        SQSEvent event = event(MessageCodec.encode(new CloseRequest("large", id, 1, "stop_loss", f.now)));
        java.time.Instant tick = f.now;
        runTogether(() -> close.handleRequest(event, new LocalContext("close")), () -> sync.sync(tick));
        f.minute();
        f.minute();
        assertThat(f.ourSells("SWC")).hasSize(1);
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closed");
    }

    @Test
    void anExpiringOptionLiquidatedByTheBrokerIsClosedWithTheLiquidationPrice() {
        String occ = "QCOM261218P00150000";
        f.sim.setPrice("QCOM", "160.00");
        f.sim.setPrice(occ, "5.20");
        var opened = f.stack.dispatcher().option("QCOM", occ, "PUT", 2, new BigDecimal("2.00"), new BigDecimal("9.00"),
                "swing_trade", LocalDate.of(2026, 12, 18), f.now);
        f.minute();
        f.sim.setPrice(occ, "4.10");
        AlpacaSimulator.Order liquidation = f.sim.liquidate("large", occ);
        f.minute();
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "closed").containsEntry("close_reason", "closed_externally");
        assertThat((BigDecimal) lot.get("exit_price")).isEqualByComparingTo(liquidation.filledAvgPrice());
        assertThat(f.ourOrders(occ)).isEmpty();
        assertThat(f.ourOrders("QCOM")).isEmpty();
    }

    @Test
    void aPositionClosedByHandAndAPartialCloseByHandEndWithTheRightQuantity() {
        var whole = longStock("HND", 10, "12.00", "11.40");
        var part = longStock("PRT", 10, "33.00", "31.35");
        f.minute();
        f.sim.setPrice("HND", "12.50");
        f.sim.closeByHand("large", "HND", BigDecimal.TEN);
        f.sim.closeByHand("large", "PRT", new BigDecimal("4"));
        f.minute();
        assertThat(f.lotOf(whole.executionId())).containsEntry("status", "closed").containsEntry("close_reason", "closed_externally");
        assertThat((BigDecimal) f.lotOf(whole.executionId()).get("exit_price")).isEqualByComparingTo("12.50");
        Map<String, Object> partial = f.lotOf(part.executionId());
        assertThat(partial).containsEntry("status", "open");
        assertThat((BigDecimal) partial.get("quantity")).isEqualByComparingTo("6");
        // Its stop now closes only what is left: never short.
        f.sim.setPrice("PRT", "31.00");
        f.minute();
        f.minute();
        assertThat(f.ourSells("PRT")).singleElement().satisfies(o -> assertThat(o.qty()).isEqualByComparingTo("6"));
        assertThat(f.lotOf(part.executionId())).containsEntry("status", "closed");
        assertThat(f.sim.position("large", "PRT")).isEmpty();
    }

    @Test
    void legsLeftWorkingByACloseTheManagerDidNotMakeAreCanceledSoTheyCannotOpenAShort() {
        f.sim.setPrice("ORP", "100.00");
        EntryTrader.Opened opened = f.stack.dispatcher().stock("ORP", "buy", 5, new BigDecimal("95"),
                new BigDecimal("120"), "swing_trade", true, f.now);
        f.minute();
        // The broker books a sale of the whole position (an assignment, say) while both legs still work.
        f.sim.openPosition("large", "ORP", new BigDecimal("-5"), new BigDecimal("101.00"));
        f.minute();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closed").containsEntry("close_reason", "closed_externally");
        assertThat(f.sim.order("large", opened.stopOrderId()).orElseThrow().status()).isEqualTo("canceled");
        assertThat(f.sim.order("large", opened.targetOrderId()).orElseThrow().status()).isEqualTo("canceled");
        f.sim.setPrice("ORP", "90.00"); // would have triggered the stop leg
        f.minute();
        assertThat(f.sim.position("large", "ORP")).isEmpty();
    }

    @Test
    void partialEntryFillsGrowTheLotAndAPartialCloseIsFinished() {
        // Entry: the dispatcher reports 5 of 10 first, then all 10.
        f.sim.setPrice("PEF", "44.00");
        f.sim.partialFillNext("PEF", new BigDecimal("5"));
        var opened = f.stack.dispatcher().stockPartial("PEF", 10, new BigDecimal("41.80"), new BigDecimal("60"), f.now);
        f.minute();
        assertThat((BigDecimal) f.lotOf(opened.executionId()).get("quantity")).isEqualByComparingTo("5");
        f.sim.setPrice("PEF", "44.10"); // the rest of the entry fills
        f.stack.dispatcherTable().updateFilled(opened.executionId(), "10", "FILLED");
        f.minute();
        assertThat((BigDecimal) f.lotOf(opened.executionId()).get("quantity")).isEqualByComparingTo("10");
        // Close: the broker fills 4 of the 10, then cancels the rest of the order (e.g. at the close).
        f.sim.partialFillNext("PEF", new BigDecimal("4"));
        f.sim.setPrice("PEF", "41.00");
        f.minute();
        AlpacaSimulator.Order first = f.ourSells("PEF").get(0);
        assertThat(first.filledQty()).isEqualByComparingTo("4");
        assertThat(f.container().broker().cancel(first.id())).isTrue();
        f.minute();
        Map<String, Object> halfway = f.lotOf(opened.executionId());
        assertThat(halfway).containsEntry("status", "closing");
        assertThat((BigDecimal) halfway.get("closed_quantity")).isEqualByComparingTo("4");
        assertThat((BigDecimal) halfway.get("quantity")).isEqualByComparingTo("6");
        f.minutes(5); // the cancelled order is noticed, a second attempt closes the remaining 6
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "closed").containsEntry("close_attempts", 2);
        assertThat((BigDecimal) lot.get("closed_quantity")).isEqualByComparingTo("10");
        assertThat(f.ourSells("PEF")).hasSize(2);
        assertThat(f.ourSells("PEF").get(1).qty()).isEqualByComparingTo("6");
        assertThat(f.sim.position("large", "PEF")).isEmpty();
    }

    @Test
    void insufficientBuyingPowerEndsCloseFailedAfterBoundedAttempts() {
        String occ = "NOW261218P00900000";
        f.sim.setPrice("NOW", "950.00");
        f.sim.setPrice(occ, "4.80");
        var opened = f.stack.dispatcher().option("NOW", occ, "PUT", 1, new BigDecimal("3.60"), new BigDecimal("7.20"),
                "swing_trade", LocalDate.of(2026, 12, 18), f.now);
        f.minute();
        f.sim.faults().rejectCloseWithBuyingPower(occ);
        f.sim.setPrice(occ, "3.50");
        f.minutes(6);
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "close_failed").containsEntry("close_attempts", 3);
        assertThat((String) lot.get("close_error")).contains("insufficient options buying power");
        long id = ((Number) lot.get("id")).longValue();
        assertThat(f.count("SELECT count(*) FROM position_events WHERE position_id = " + id + " AND event_type = 'close_refused'")).isEqualTo(2);
        assertThat(f.row("SELECT details->>'broker_message' AS m FROM position_events WHERE position_id = " + id
                + " AND event_type = 'close_failed'").get("m")).asString().contains("insufficient options buying power");
        assertThat(((Number) f.row("SELECT close_failed FROM v_position_health_check").get("close_failed")).longValue()).isPositive();
        assertThat(f.sim.orders("large").stream().filter(o -> o.symbol().equals(occ) && o.side().equals("sell"))).isEmpty();
        assertThat(f.sim.requests("POST", "/v2/orders").stream()
                .filter(r -> r.body() != null && r.body().contains(occ) && r.body().contains("\"sell\""))).hasSize(3);
    }

    static SQSEvent event(String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(java.util.UUID.randomUUID().toString());
        m.setBody(body);
        m.setAttributes(Map.of("SentTimestamp", "0"));
        SQSEvent e = new SQSEvent();
        e.setRecords(List.of(m));
        return e;
    }

    static void runTogether(Runnable a, Runnable b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable r : List.of(a, b)) {
            futures.add(pool.submit(() -> {
                go.await();
                r.run();
                return null;
            }));
        }
        go.countDown();
        for (Future<?> fut : futures) {
            fut.get();
        }
        pool.shutdown();
    }
}
