package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the real Alpaca does that the old code got wrong (issue 8), on the embedded stack: reused
 * error codes, 401 for rotated keys, asynchronous cancels and legs filling during a cancel, option
 * trades that go stale while quotes move. Each test failed on the code before this change.
 */
class AlpacaFidelityTest {
    @RegisterExtension
    static final StackFixture f = new StackFixture();

    @AfterEach
    void clearFaults() {
        f.sim.faults().clear();
        f.sim.synchronousCancels();
        f.sim.resetRateLimits();
    }

    private static EntryTrader.Opened longStock(String symbol, int qty, String entry, String stop, boolean bracket,
                                                        Integer maxHoldMinutes) {
        f.sim.setPrice(symbol, entry);
        BigDecimal e = new BigDecimal(entry);
        return f.stack.dispatcher().open(new EntryTrader.Entry(symbol, symbol, "STOCK", "buy", qty, new BigDecimal(stop),
                e.multiply(new BigDecimal("1.5")), "swing_trade", bracket, maxHoldMinutes, null), f.now);
    }

    private static long events(Map<String, Object> lot, String type) {
        return f.count("SELECT count(*) FROM position_events WHERE position_id = " + ((Number) lot.get("id")).longValue()
                + " AND event_type = '" + type + "'");
    }

    /** An order of someone else (the dispatcher's, a person's) straight to the trading API. */
    private static void someoneElsesOrder(String json) throws Exception {
        AlpacaSimulator.Account a = f.sim.account(f.stack.account());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(f.sim.baseUrl() + "/v2/orders"))
                .header("APCA-API-KEY-ID", a.keyId()).header("APCA-API-SECRET-KEY", a.secretKey())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ 1. reused codes

    /**
     * A 422 42210000 that is not "market hours" — here a wash-trade refusal while someone else's buy
     * order of the symbol is open — is a refusal carrying Alpaca's message: bounded by
     * MAX_CLOSE_ATTEMPTS, then CLOSE_FAILED. The old code read every 42210000 as "market closed" and
     * deferred and resent the close every cycle, without end. The other order is not cancelled.
     */
    @Test
    void aRefusalWithAReusedCodeIsBoundedAndCancelsNoOrderTheManagerDidNotPlace() throws Exception {
        var opened = longStock("WSH", 10, "50.00", "47.50", false, null);
        f.minute();
        someoneElsesOrder("{\"symbol\":\"WSH\",\"qty\":\"5\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"40\","
                + "\"time_in_force\":\"gtc\",\"client_order_id\":\"someone-else-1\"}");
        f.sim.setPrice("WSH", "45.00");
        f.minutes(6);
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "close_failed").containsEntry("close_attempts", 3);
        assertThat((String) lot.get("close_error")).contains("potential wash trade detected");
        assertThat(events(lot, "close_refused")).isEqualTo(2);
        assertThat(events(lot, "close_deferred")).isZero();
        assertThat(f.row("SELECT details->>'failure' AS f FROM position_events WHERE position_id = " + lot.get("id")
                + " AND event_type = 'close_failed'").get("f")).isEqualTo("WASH_TRADE");
        AlpacaSimulator.Order theirs = f.sim.orderByClientId(f.stack.account(), "someone-else-1").orElseThrow();
        assertThat(theirs.isOpen()).as("not the manager's order: never cancelled").isTrue();
        assertThat(f.sim.position(f.stack.account(), "WSH").orElseThrow().qty()).isEqualByComparingTo("10");
    }

    // ------------------------------------------------------------------ 2. 401

    /**
     * Keys rotated between the close's look-up and its order: Alpaca answers the submission 401. The
     * old code counted it as a refusal (two rotations in a row and the lot would be CLOSE_FAILED). Now
     * the item fails, no attempt is used, and the redelivery closes the lot once the keys work.
     */
    @Test
    void a401FailsTheCloseWithoutUsingAnAttemptAndTheCloseCompletesOnceTheKeysWork() {
        var opened = longStock("KEY", 10, "50.00", "47.50", false, null);
        f.minute();
        f.sim.faults().failNext("POST", "/v2/orders", 401, 2);
        f.sim.setPrice("KEY", "45.00");
        f.minute();
        Map<String, Object> during = f.lotOf(opened.executionId());
        assertThat(during).containsEntry("status", "closing").containsEntry("close_attempts", 1);
        assertThat(during.get("close_error")).isNull();
        assertThat(events(during, "close_refused") + events(during, "close_failed")).isZero();
        f.redeliver();
        f.redeliver();
        assertThat(f.lotOf(opened.executionId())).containsEntry("close_attempts", 1);
        assertThat(f.ourSells("KEY")).hasSize(1);
        f.minute();
        Map<String, Object> after = f.lotOf(opened.executionId());
        assertThat(after).containsEntry("status", "closed").containsEntry("close_attempts", 1);
        assertThat(f.sim.position(f.stack.account(), "KEY")).isEmpty();
    }

    // ------------------------------------------------------------------ 3. asynchronous cancels

    /**
     * The seeds' worst failure: the lot's stop leg fills just as its cancel is refused (422 "order is
     * not cancelable"). The old code ignored the cancel's answer and sold 10 more: the account was short
     * 10. Now the legs are re-read, the leg's fill is the lot's, and nothing is sent.
     */
    @Test
    void aLegThatFillsAsItsCancelIsRefusedIsTheLotsCloseAndNothingIsSold() {
        var opened = longStock("LEG", 10, "50.00", "47.50", true, 2);
        f.minute();
        f.sim.faults().fillBeforeCancel("LEG");
        f.minutes(3); // the maximum hold of 2 minutes passes: the lot closes while both legs work
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(f.ourSells("LEG")).as("no order for a quantity the leg's fill already closed").isEmpty();
        assertThat(f.sim.position(f.stack.account(), "LEG")).as("never short").isEmpty();
        assertThat(lot).containsEntry("status", "closed");
        assertThat((BigDecimal) lot.get("exit_price")).isEqualByComparingTo("50.00");
        assertThat(f.sim.fills(f.stack.account()).stream().filter(x -> x.symbol().equals("LEG") && x.side().startsWith("sell")))
                .hasSize(1);
    }

    /**
     * A cancel is accepted (204) but stays pending: the legs still hold the shares and may fill. Nothing
     * is sent until they have ended; once the venue confirms the cancels, the close sells the 10.
     */
    @Test
    void legsPendingCancelHoldTheCloseUntilTheyHaveEnded() {
        var opened = longStock("PND", 10, "50.00", "47.50", true, 2);
        f.minute();
        f.sim.cancelDelay(Duration.ofMinutes(10));
        f.minute(); // the maximum hold passes: the close cancels both legs; they stay pending_cancel: nothing is sent
        assertThat(f.ourSells("PND")).isEmpty();
        Map<String, Object> waiting = f.lotOf(opened.executionId());
        assertThat(waiting).containsEntry("status", "closing");
        assertThat(events(waiting, "close_refused")).isZero();
        f.sim.confirmCancels();
        f.redeliver();
        assertThat(f.ourSells("PND")).singleElement().satisfies(o -> assertThat(o.qty()).isEqualByComparingTo("10"));
        f.minute();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "closed");
        assertThat(f.sim.position(f.stack.account(), "PND")).isEmpty();
    }

    /**
     * A leg fills while its cancel is pending: the fill is the lot's close, no order is sent for it and
     * no attempt is refused meanwhile.
     */
    @Test
    void aLegThatFillsWhileItsCancelIsPendingClosesTheLotAndNothingIsSold() {
        var opened = longStock("FWP", 10, "50.00", "47.50", true, 2);
        f.minute();
        f.sim.cancelDelay(Duration.ofSeconds(30));
        f.sim.faults().fillWhileCancelPending("FWP");
        f.minutes(2);
        f.sim.confirmCancels();
        f.redeliver();
        f.minute();
        assertThat(f.ourSells("FWP")).isEmpty();
        assertThat(f.sim.position(f.stack.account(), "FWP")).isEmpty();
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "closed");
        // The old code sold at once into the held shares: refused (insufficient qty), an attempt used up.
        assertThat(events(lot, "close_refused")).isZero();
        assertThat(lot.get("close_error")).isNull();
    }

    // ------------------------------------------------------------------ 4. stale trades, moving quotes

    /**
     * An illiquid option: its last trade (3.00, three hours ago) is below the stop, its current quote
     * (4.90/5.10) is not. The old code preferred the trade whatever its age and closed the lot; the
     * freshest price is the quote's midpoint, so it holds — and closes once the quote falls.
     */
    @Test
    void anOptionIsJudgedByItsCurrentQuoteNotByATradeHoursOld() {
        String occ = "STL261218C00100000";
        f.sim.setPrice("STL", "100.00");
        f.sim.setPrice(occ, "5.00");
        var opened = f.stack.dispatcher().option("STL", occ, "CALL", 2, new BigDecimal("4.00"), new BigDecimal("7.50"),
                "swing_trade", LocalDate.of(2026, 12, 18), f.now);
        f.minute();
        f.sim.setTrade(occ, new BigDecimal("3.00"), f.now.minus(Duration.ofHours(3)));
        f.sim.setQuote(occ, new BigDecimal("4.90"), new BigDecimal("5.10"), f.now);
        f.minute();
        assertThat(f.lotOf(opened.executionId())).containsEntry("status", "open");
        assertThat((BigDecimal) f.lotOf(opened.executionId()).get("current_price")).isEqualByComparingTo("5.00");
        assertThat(f.ourSells(occ)).isEmpty();
        f.sim.setQuote(occ, new BigDecimal("3.70"), new BigDecimal("3.90"), f.now.plusSeconds(30));
        f.minute();
        assertThat(f.lotOf(opened.executionId()).get("close_reason")).isEqualTo("stop_loss");
        assertThat(f.ourSells(occ)).hasSize(1);
    }

    /**
     * A price older than PRICE_MAX_AGE_SECONDS (120 s) decides no exit, even when it is beyond the stop:
     * a {@code price_stale} event says which rule was withheld and how old the price was. A fresh price
     * beyond the stop closes the lot.
     */
    @Test
    void aPriceOlderThanTheMaximumAgeDecidesNoExitAndSaysSo() {
        var opened = longStock("OLD", 10, "50.00", "47.50", false, null);
        f.minute();
        f.sim.setTrade("OLD", new BigDecimal("45.00"), f.now.minus(Duration.ofMinutes(10)));
        f.minute();
        Map<String, Object> lot = f.lotOf(opened.executionId());
        assertThat(lot).containsEntry("status", "open");
        assertThat(f.ourSells("OLD")).isEmpty();
        Map<String, Object> stale = f.row("SELECT details->>'rule' AS rule, details->>'price' AS price, "
                + "(details->>'age_seconds')::int AS age, details->>'source' AS source FROM position_events WHERE position_id = "
                + lot.get("id") + " AND event_type = 'price_stale' ORDER BY id DESC LIMIT 1");
        assertThat(stale).containsEntry("rule", "stop_loss").containsEntry("price", "45.00").containsEntry("source", "trade");
        assertThat(((Number) stale.get("age")).intValue()).isGreaterThan(120);
        f.sim.setPrice("OLD", "45.00");
        f.minute();
        assertThat(f.lotOf(opened.executionId())).containsEntry("close_reason", "stop_loss");
        assertThat(f.ourSells("OLD")).hasSize(1);
    }
}
