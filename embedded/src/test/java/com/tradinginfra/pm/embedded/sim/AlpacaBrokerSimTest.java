package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;
import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.broker.AlpacaSettings;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.BrokerOrderStatus;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.OrderSide;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link AlpacaBroker} over HTTP against the {@link AlpacaSimulator}. */
class AlpacaBrokerSimTest {
    static final String ACCOUNT = "main";
    /** Monday 2026-11-23 10:00 New York: open. */
    static final Instant OPEN_MONDAY = Instant.parse("2026-11-23T15:00:00Z");
    static final Instant SATURDAY = Instant.parse("2026-11-28T15:00:00Z");
    static final String OCC = "AAPL261218C00200000";

    AlpacaSimulator sim;
    AlpacaBroker broker;
    RawAlpaca raw;

    @BeforeEach
    void start() {
        sim = AlpacaSimulator.start(OPEN_MONDAY);
        broker = new AlpacaBroker(sim.settings(ACCOUNT));
        raw = new RawAlpaca(sim, ACCOUNT);
    }

    @AfterEach
    void stop() {
        broker.close();
        sim.close();
    }

    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    static OrderRequest order(String symbol, String qty, OrderSide side, String clientId) {
        return new OrderRequest(symbol, d(qty), side, clientId);
    }

    static BrokerException brokerError(Runnable call) {
        return catchThrowableOfType(BrokerException.class, call::run);
    }

    /** Entry filled at 190, take-profit 200 and stop 180 working. */
    JsonObject filledBracket() {
        sim.setPrice("AAPL", d("190"));
        return raw.order("""
                {"symbol":"AAPL","qty":"10","side":"buy","type":"market","time_in_force":"gtc","order_class":"bracket",
                 "take_profit":{"limit_price":"200"},"stop_loss":{"stop_price":"180"},"client_order_id":"br-1"}""");
    }

    @Test
    void marketOrderFillsAndShowsUpAsPositionAndFill() {
        sim.setPrice("AAPL", d("190.25"));
        BrokerOrder o = broker.submit(order("AAPL", "10", OrderSide.BUY, "c-1"));

        assertThat(o.status()).isEqualTo(BrokerOrderStatus.FILLED);
        assertThat(o.orderClass()).isEqualTo("simple");
        assertThat(o.filledQuantity()).isEqualByComparingTo("10");
        assertThat(o.filledAvgPrice()).isEqualByComparingTo("190.25");
        assertThat(o.filledAt()).isEqualTo(OPEN_MONDAY);

        List<BrokerPosition> positions = broker.positions();
        assertThat(positions).hasSize(1);
        BrokerPosition p = positions.get(0);
        assertThat(p.symbol()).isEqualTo("AAPL");
        assertThat(p.optionPosition()).isFalse();
        assertThat(p.quantity()).isEqualByComparingTo("10");
        assertThat(p.qtyAvailable()).isEqualByComparingTo("10");
        assertThat(p.avgEntryPrice()).isEqualByComparingTo("190.25");

        List<BrokerFill> fills = broker.fills(OPEN_MONDAY.minusSeconds(60), OPEN_MONDAY);
        assertThat(fills).singleElement().satisfies(f -> {
            assertThat(f.orderId()).isEqualTo(o.id());
            assertThat(f.side()).isEqualTo(OrderSide.BUY);
            assertThat(f.quantity()).isEqualByComparingTo("10");
            assertThat(f.price()).isEqualByComparingTo("190.25");
            assertThat(f.transactionTime()).isEqualTo(OPEN_MONDAY);
        });
        assertThat(broker.fills(OPEN_MONDAY, OPEN_MONDAY.plusSeconds(60))).as("after is exclusive").isEmpty();

        assertThat(broker.closedOrders(List.of("AAPL"), OPEN_MONDAY.minusSeconds(1)))
                .extracting(BrokerOrder::id).containsExactly(o.id());
        assertThat(broker.openOrders()).isEmpty();
    }

    @Test
    void optionPositionIsReportedAsOption() {
        sim.openPosition(ACCOUNT, OCC, d("-2"), d("3.50"));
        BrokerPosition p = broker.position(OCC).orElseThrow();
        assertThat(p.optionPosition()).isTrue();
        assertThat(p.quantity()).isEqualByComparingTo("-2");
        assertThat(p.side()).hasToString("SHORT");
    }

    @Test
    void equityDayMarketOrderWhileClosedIsQueuedAndFillsAtTheOpen() {
        sim.setTime(SATURDAY);
        sim.setPrice("MSFT", d("400"));
        BrokerOrder o = broker.submit(order("MSFT", "5", OrderSide.BUY, "q-1"));
        assertThat(o.status()).isEqualTo(BrokerOrderStatus.NEW);
        assertThat(broker.openOrders()).extracting(BrokerOrder::id).containsExactly(o.id());

        sim.setPrice("MSFT", d("401"));
        Instant mondayOpen = Instant.parse("2026-11-30T14:30:00Z");
        sim.advanceTo(mondayOpen.plusSeconds(60));

        BrokerOrder filled = broker.orderByClientId("q-1").orElseThrow();
        assertThat(filled.status()).isEqualTo(BrokerOrderStatus.FILLED);
        assertThat(filled.filledAt()).isEqualTo(mondayOpen);
        assertThat(filled.filledAvgPrice()).isEqualByComparingTo("401");
    }

    @Test
    void bracketLegsAreNestedHeldUntilTheEntryFillsAndTheStopFillsWhenCrossed() {
        sim.setTime(SATURDAY);
        sim.setPrice("AAPL", d("190"));
        JsonObject entry = raw.order("""
                {"symbol":"AAPL","qty":"10","side":"buy","type":"market","time_in_force":"day","order_class":"bracket",
                 "take_profit":{"limit_price":"200"},"stop_loss":{"stop_price":"180"},"client_order_id":"br-1"}""");
        assertThat(entry.get("order_class").getAsString()).isEqualTo("bracket");
        assertThat(entry.getAsJsonArray("legs")).hasSize(2);

        BrokerOrder open = broker.openOrders().get(0);
        assertThat(open.orderClass()).isEqualTo("bracket");
        assertThat(open.legs()).extracting(BrokerOrder::status).containsOnly(BrokerOrderStatus.HELD);
        assertThat(open.legs()).extracting(BrokerOrder::type).containsExactly("limit", "stop");
        assertThat(open.legs()).extracting(BrokerOrder::side).containsOnly(OrderSide.SELL);

        sim.advanceTo(Instant.parse("2026-11-30T14:31:00Z"));
        BrokerOrder afterOpen = broker.openOrders().get(0);
        assertThat(afterOpen.status()).isEqualTo(BrokerOrderStatus.FILLED);
        assertThat(afterOpen.legs()).extracting(BrokerOrder::status).containsOnly(BrokerOrderStatus.NEW);
        assertThat(broker.position("AAPL").orElseThrow().qtyAvailable()).isEqualByComparingTo("0");

        sim.setPrice("AAPL", d("185"));
        assertThat(broker.position("AAPL")).isPresent();
        sim.setPrice("AAPL", d("179.5"));

        assertThat(broker.position("AAPL")).isEmpty();
        BrokerOrder done = broker.orderByClientId("br-1").orElseThrow();
        assertThat(done.legs()).extracting(BrokerOrder::type, BrokerOrder::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("limit", BrokerOrderStatus.CANCELED),
                        org.assertj.core.groups.Tuple.tuple("stop", BrokerOrderStatus.FILLED));
        assertThat(done.legs().get(1).filledAvgPrice()).isEqualByComparingTo("179.5");
        assertThat(broker.openOrders()).isEmpty();
        List<BrokerFill> fills = broker.fills(SATURDAY, sim.now());
        assertThat(fills).extracting(BrokerFill::side).containsExactly(OrderSide.BUY, OrderSide.SELL);
    }

    @Test
    void takeProfitFillsAtItsLimit() {
        filledBracket();
        sim.setPrice("AAPL", d("201"));
        assertThat(broker.position("AAPL")).isEmpty();
        assertThat(sim.fills(ACCOUNT)).last().satisfies(f -> {
            assertThat(f.price()).isEqualByComparingTo("200");
            assertThat(f.side()).isEqualTo("sell");
        });
    }

    @Test
    void cancellingOneLegCancelsTheOther() {
        filledBracket();
        BrokerOrder parent = broker.openOrders().get(0);
        String takeProfit = parent.legs().get(0).id();
        String stop = parent.legs().get(1).id();

        assertThat(broker.cancel(takeProfit)).isTrue();
        assertThat(sim.order(ACCOUNT, stop).orElseThrow().status()).isEqualTo("canceled");
        assertThat(broker.openOrders()).isEmpty();
        assertThat(broker.cancel(stop)).as("not cancelable any more: 422").isFalse();
        assertThat(broker.cancel("00000000-0000-0000-0000-000000000000")).as("unknown: 404").isFalse();
        assertThat(broker.position("AAPL").orElseThrow().qtyAvailable()).isEqualByComparingTo("10");
    }

    @Test
    void closingWhileLegsHoldTheSharesIsInsufficientQty() {
        filledBracket();
        BrokerException e = brokerError(() -> broker.submit(order("AAPL", "10", OrderSide.SELL, "close-1")));
        assertThat(e.failure()).isEqualTo(BrokerFailure.INSUFFICIENT_QTY);
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.code()).contains(40310000);
        assertThat(e.getMessage()).isEqualTo("insufficient qty available for order (requested: 10, available: 0)");

        RawAlpaca.Reply reply = raw.post("/v2/orders",
                "{\"symbol\":\"AAPL\",\"qty\":\"10\",\"side\":\"sell\",\"type\":\"market\",\"time_in_force\":\"day\"}");
        assertThat(reply.obj().get("held_for_orders").getAsString()).isEqualTo("10");
        assertThat(reply.obj().getAsJsonArray("related_orders")).hasSize(2);

        // cancel the legs, then the close goes through
        broker.openOrders().forEach(o -> o.legs().forEach(l -> broker.cancel(l.id())));
        assertThat(broker.submit(order("AAPL", "10", OrderSide.SELL, "close-2")).status()).isEqualTo(BrokerOrderStatus.FILLED);
        assertThat(broker.positions()).isEmpty();
    }

    @Test
    void sellingMoreThanHeldFlipsShortAndTheFillSaysSellShort() {
        sim.openPosition(ACCOUNT, "TSLA", d("5"), d("300"));
        sim.setPrice("TSLA", d("310"));
        broker.submit(order("TSLA", "8", OrderSide.SELL, "oops"));

        BrokerPosition p = broker.position("TSLA").orElseThrow();
        assertThat(p.quantity()).isEqualByComparingTo("-3");
        assertThat(p.avgEntryPrice()).isEqualByComparingTo("310");
        assertThat(sim.fills(ACCOUNT)).last().extracting(AlpacaSimulator.Fill::side).isEqualTo("sell_short");
        List<BrokerFill> fills = broker.fills(OPEN_MONDAY.minusSeconds(1), OPEN_MONDAY);
        assertThat(fills).extracting(BrokerFill::side).containsExactly(OrderSide.BUY, OrderSide.SELL);
        RawAlpaca.Reply pos = raw.get("/v2/positions/TSLA");
        assertThat(pos.obj().get("qty").getAsString()).isEqualTo("-3");
        assertThat(pos.obj().get("side").getAsString()).isEqualTo("short");
    }

    @Test
    void duplicateClientOrderIdIsRejectedEvenAfterCancel() {
        sim.setTime(SATURDAY);
        BrokerOrder o = broker.submit(order("AAPL", "1", OrderSide.BUY, "dup"));
        BrokerException e = brokerError(() -> broker.submit(order("AAPL", "1", OrderSide.BUY, "dup")));
        assertThat(e.failure()).isEqualTo(BrokerFailure.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(e.code()).contains(40010001);

        assertThat(broker.cancel(o.id())).isTrue();
        assertThat(brokerError(() -> broker.submit(order("AAPL", "1", OrderSide.BUY, "dup"))).failure())
                .isEqualTo(BrokerFailure.DUPLICATE_CLIENT_ORDER_ID);
    }

    @Test
    void unknownOrderAndPositionAreEmpty() {
        assertThat(broker.orderByClientId("nope")).isEmpty();
        assertThat(broker.position("AAPL")).isEmpty();
        assertThat(sim.requests()).extracting(AlpacaSimulator.Request::status).containsExactly(404, 404);
    }

    @Test
    void optionMarketOrderWhileClosedIsMarketClosed() {
        sim.setTime(SATURDAY);
        BrokerException e = brokerError(() -> broker.submit(order(OCC, "1", OrderSide.BUY, "opt-1")));
        assertThat(e.failure()).isEqualTo(BrokerFailure.MARKET_CLOSED);
        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.code()).contains(42210000);
        assertThat(e.getMessage()).isEqualTo("options market orders are only allowed during market hours");
        assertThat(sim.orders(ACCOUNT)).isEmpty();
    }

    @Test
    void optionOrdersRejectBracketAndGtc() {
        sim.setPrice(OCC, d("4"));
        RawAlpaca.Reply gtc = raw.post("/v2/orders",
                "{\"symbol\":\"" + OCC + "\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"gtc\"}");
        assertThat(gtc.status()).isEqualTo(422);
        assertThat(gtc.obj().get("message").getAsString()).contains("time_in_force");
        RawAlpaca.Reply bracket = raw.post("/v2/orders", "{\"symbol\":\"" + OCC + "\",\"qty\":\"1\",\"side\":\"buy\","
                + "\"type\":\"market\",\"time_in_force\":\"day\",\"order_class\":\"bracket\","
                + "\"take_profit\":{\"limit_price\":\"5\"},\"stop_loss\":{\"stop_price\":\"3\"}}");
        assertThat(bracket.status()).isEqualTo(422);
        assertThat(bracket.obj().get("message").getAsString()).contains("order_class");
    }

    @Test
    void buyingPowerSwitchRejectsTheClose() {
        sim.openPosition(ACCOUNT, "SPY261218P00500000", d("-1"), d("5"));
        sim.faults().rejectCloseWithBuyingPower("SPY261218P00500000");
        BrokerException e = brokerError(() -> broker.submit(order("SPY261218P00500000", "1", OrderSide.BUY, "bp")));
        assertThat(e.failure()).isEqualTo(BrokerFailure.INSUFFICIENT_BUYING_POWER);
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.getMessage()).isEqualTo("insufficient options buying power for cash-secured put");
    }

    @Test
    void patternDayTradingSwitch() {
        sim.setPrice("AAPL", d("190"));
        sim.faults().patternDayTrading(true);
        BrokerException e = brokerError(() -> broker.submit(order("AAPL", "1", OrderSide.BUY, "pdt")));
        assertThat(e.failure()).isEqualTo(BrokerFailure.PATTERN_DAY_TRADING);
        assertThat(e.code()).contains(40310100);
        sim.faults().clear();
        assertThat(broker.submit(order("AAPL", "1", OrderSide.BUY, "pdt-2")).status()).isEqualTo(BrokerOrderStatus.FILLED);
    }

    @Test
    void serverRateLimitIsRateLimitedWithRetryAfter() {
        sim.setRateLimit(3);
        for (int i = 0; i < 3; i++) {
            broker.positions();
        }
        BrokerException e = brokerError(() -> broker.positions());
        assertThat(e.failure()).isEqualTo(BrokerFailure.RATE_LIMITED);
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60)));
        RawAlpaca.Reply r = new RawAlpaca(sim, "other").get("/v2/positions");
        assertThat(r.status()).as("limits are per account").isEqualTo(200);
        assertThat(r.response().headers().firstValue("X-RateLimit-Limit")).contains("3");
        assertThat(r.response().headers().firstValue("X-RateLimit-Remaining")).contains("2");
        assertThat(r.response().headers().firstValue("X-RateLimit-Reset")).isPresent();
        // data requests do not count
        sim.setPrice("AAPL", d("1"));
        assertThat(broker.stockPrices(List.of("AAPL"))).containsKey("AAPL");
    }

    @Test
    void onTheSimulatedClockTheRateLimitsMinuteIsASimulatedMinute() {
        sim.rateLimitOnSimulatedClock();
        sim.setRateLimit(3);
        for (int i = 0; i < 3; i++) {
            broker.positions();
        }
        RawAlpaca.Reply over = new RawAlpaca(sim, ACCOUNT).get("/v2/positions");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.response().headers().firstValue("X-RateLimit-Reset"))
                .contains(String.valueOf(OPEN_MONDAY.plusSeconds(60).getEpochSecond()));
        sim.advanceTo(OPEN_MONDAY.plusSeconds(59));
        assertThat(new RawAlpaca(sim, ACCOUNT).get("/v2/positions").status()).as("59 simulated seconds later").isEqualTo(429);
        sim.advanceTo(OPEN_MONDAY.plusSeconds(60));
        assertThat(broker.positions()).as("a simulated minute later, however little real time passed").isEmpty();
    }

    @Test
    void injected429IsRateLimited() {
        sim.faults().failNext("GET", "/v2/orders", 429, 1);
        BrokerException e = brokerError(() -> broker.openOrders());
        assertThat(e.failure()).isEqualTo(BrokerFailure.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(broker.openOrders()).isEmpty();
    }

    @Test
    void clientBudgetStopsBeforeTheServerLimit() {
        try (AlpacaBroker tight = AlpacaBroker.builder(sim.settings(ACCOUNT)).requestsPerMinute(2).build()) {
            tight.positions();
            tight.positions();
            BrokerException e = brokerError(tight::positions);
            assertThat(e.failure()).isEqualTo(BrokerFailure.RATE_LIMITED);
            assertThat(e.httpStatus()).isZero();
            assertThat(e.retryAfter()).isPresent();
            assertThat(sim.requests()).hasSize(2);
            assertThat(tight.tradingRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void serverErrorIsUnavailable() {
        sim.faults().failNext("GET", "/v2/positions", 500, 1);
        BrokerException e = brokerError(() -> broker.positions());
        assertThat(e.failure()).isEqualTo(BrokerFailure.UNAVAILABLE);
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.isTransient()).isTrue();
        assertThat(broker.positions()).isEmpty();
    }

    @Test
    void timeoutIsUnavailable() {
        sim.faults().delay("/v2/positions", Duration.ofMillis(1500), 1);
        try (AlpacaBroker impatient = AlpacaBroker.builder(sim.settings(ACCOUNT)).readTimeout(Duration.ofMillis(300)).build()) {
            BrokerException e = brokerError(impatient::positions);
            assertThat(e.failure()).isEqualTo(BrokerFailure.UNAVAILABLE);
            assertThat(e.httpStatus()).isZero();
        }
    }

    @Test
    void connectionResetIsUnavailableAndNotRetried() {
        sim.faults().resetConnection("/v2/orders", 1);
        sim.setPrice("AAPL", d("190"));
        BrokerException e = brokerError(() -> broker.submit(order("AAPL", "1", OrderSide.BUY, "rst")));
        assertThat(e.failure()).isEqualTo(BrokerFailure.UNAVAILABLE);
        assertThat(e.httpStatus()).isZero();
        assertThat(sim.requests("POST", "/v2/orders")).hasSize(1);
        assertThat(sim.orders(ACCOUNT)).as("reset before processing").isEmpty();
    }

    @Test
    void acceptThenFailCreatesTheOrderThoughTheClientSaw500() {
        sim.setPrice("AAPL", d("190"));
        sim.faults().acceptThenFail("POST", "/v2/orders", 1);
        BrokerException e = brokerError(() -> broker.submit(order("AAPL", "3", OrderSide.BUY, "lost-1")));
        assertThat(e.failure()).isEqualTo(BrokerFailure.UNAVAILABLE);
        assertThat(e.httpStatus()).isEqualTo(500);

        BrokerOrder found = broker.orderByClientId("lost-1").orElseThrow();
        assertThat(found.status()).isEqualTo(BrokerOrderStatus.FILLED);
        assertThat(broker.position("AAPL").orElseThrow().quantity()).isEqualByComparingTo("3");
        assertThat(brokerError(() -> broker.submit(order("AAPL", "3", OrderSide.BUY, "lost-1"))).failure())
                .isEqualTo(BrokerFailure.DUPLICATE_CLIENT_ORDER_ID);
    }

    @Test
    void wrongKeysAreUnauthorized() {
        AlpacaSettings good = sim.settings(ACCOUNT);
        try (AlpacaBroker wrong = new AlpacaBroker(new AlpacaSettings(good.keyId(), "wrong", good.tradingUrl(), good.dataUrl()))) {
            BrokerException e = brokerError(wrong::positions);
            assertThat(e.httpStatus()).isEqualTo(401);
            // Alpaca answers bad or rotated keys with {"message":"unauthorized"} and no code.
            assertThat(e.code()).isEmpty();
            assertThat(e.failure()).isEqualTo(BrokerFailure.AUTHENTICATION);
        }
    }

    @Test
    void fillsArePagedOverMoreThan100() {
        for (int i = 0; i < 250; i++) {
            sim.openPosition(ACCOUNT, "AAPL", BigDecimal.ONE, d("100").add(BigDecimal.valueOf(i)));
        }
        sim.resetRequestLog();
        List<BrokerFill> fills = broker.fills(OPEN_MONDAY.minusSeconds(1), OPEN_MONDAY);
        assertThat(fills).hasSize(250);
        assertThat(fills.get(0).price()).isEqualByComparingTo("100");
        assertThat(fills.get(249).price()).isEqualByComparingTo("349");
        assertThat(fills.stream().map(BrokerFill::id).distinct()).hasSize(250);
        List<AlpacaSimulator.Request> pages = sim.requests("GET", "/v2/account/activities/FILL");
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).query()).containsEntry("direction", "asc").containsEntry("page_size", "100")
                .doesNotContainKey("page_token");
        assertThat(pages.get(1).query()).containsEntry("page_token", fills.get(99).id());
    }

    @Test
    void openOrdersArePagedOver500() {
        sim.setRateLimit(10_000);
        sim.setTime(SATURDAY);
        for (int i = 0; i < 520; i++) {
            raw.order("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"10\","
                    + "\"time_in_force\":\"gtc\",\"client_order_id\":\"l-" + i + "\"}");
        }
        sim.resetRequestLog();
        List<BrokerOrder> open = broker.openOrders();
        assertThat(open).hasSize(520);
        assertThat(open.get(0).clientOrderId()).isEqualTo("l-0");
        assertThat(open.get(519).clientOrderId()).isEqualTo("l-519");
        assertThat(sim.requests("GET", "/v2/orders")).hasSize(2);
    }

    @Test
    void partialFillLeavesTheRestWorking() {
        sim.setPrice("AAPL", d("190"));
        sim.partialFillNext("AAPL", d("4"));
        BrokerOrder o = broker.submit(order("AAPL", "10", OrderSide.BUY, "part"));
        assertThat(o.status()).isEqualTo(BrokerOrderStatus.PARTIALLY_FILLED);
        assertThat(o.filledQuantity()).isEqualByComparingTo("4");
        assertThat(broker.openOrders()).extracting(BrokerOrder::id).containsExactly(o.id());
        assertThat(sim.fills(ACCOUNT)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("partial_fill");
            assertThat(f.leavesQty()).isEqualByComparingTo("6");
        });

        sim.setPrice("AAPL", d("191"));
        BrokerOrder done = broker.orderByClientId("part").orElseThrow();
        assertThat(done.status()).isEqualTo(BrokerOrderStatus.FILLED);
        assertThat(done.filledAvgPrice()).isEqualByComparingTo("190.6");
        assertThat(broker.position("AAPL").orElseThrow().quantity()).isEqualByComparingTo("10");
    }

    @Test
    void stockPricesIsOneRequestFor300Symbols() {
        List<String> symbols = IntStream.range(0, 300).mapToObj(i -> "S" + i).collect(Collectors.toList());
        for (int i = 0; i < 300; i++) {
            sim.setPrice(symbols.get(i), BigDecimal.valueOf(10 + i));
        }
        List<String> asked = new ArrayList<>(symbols);
        asked.add("UNKNOWN");
        Map<String, BigDecimal> prices = broker.stockPrices(asked);
        assertThat(prices).hasSize(300).containsEntry("S0", d("10")).containsEntry("S299", d("309"));
        assertThat(sim.priceRequestCount("/v2/stocks/snapshots")).isEqualTo(1);
        assertThat(sim.requests()).hasSize(1);
        assertThat(broker.stockPrices(List.of())).isEmpty();
        assertThat(sim.requests()).hasSize(1);
    }

    @Test
    void optionPricesRejects101AndFollowsPages() {
        List<String> many = IntStream.range(0, 101).mapToObj(i -> String.format("AAPL261218C%08d", 100_000 + i * 1000))
                .collect(Collectors.toList());
        assertThatThrownBy(() -> broker.optionPrices(many)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sim.requests()).isEmpty();
        RawAlpaca.Reply tooMany = raw.get("/v1beta1/options/snapshots?symbols=" + String.join(",", many));
        assertThat(tooMany.status()).isEqualTo(400);

        sim.setPrice(OCC, d("4.20"));
        sim.setQuote("AAPL261218P00150000", d("1.10"), d("1.30"));
        sim.setPrice("AAPL261218C00210000", d("2"));
        sim.optionSnapshotPageSize(2);
        Map<String, BigDecimal> prices = broker.optionPrices(
                List.of(OCC, "AAPL261218P00150000", "AAPL261218C00210000", "AAPL261218C00999000"));
        assertThat(prices).containsOnly(Map.entry(OCC, d("4.20")), Map.entry("AAPL261218P00150000", d("1.2")),
                Map.entry("AAPL261218C00210000", d("2")));
        assertThat(sim.priceRequestCount("/v1beta1/options/snapshots")).isEqualTo(3);
    }

    @Test
    void calendarEarlyCloseAndHoliday() {
        MarketSession friday = broker.session(LocalDate.of(2026, 11, 27)).orElseThrow();
        assertThat(friday.open()).isEqualTo(Instant.parse("2026-11-27T14:30:00Z"));
        assertThat(friday.close()).isEqualTo(Instant.parse("2026-11-27T18:00:00Z"));
        assertThat(broker.session(LocalDate.of(2026, 11, 26))).isEmpty();
        assertThat(broker.session(LocalDate.of(2026, 11, 28))).isEmpty();
        assertThat(broker.session(LocalDate.of(2026, 11, 30)).orElseThrow().close())
                .isEqualTo(Instant.parse("2026-11-30T21:00:00Z"));
        int sent = sim.requests().size();
        broker.session(LocalDate.of(2026, 11, 27));
        broker.session(LocalDate.of(2026, 11, 26));
        assertThat(sim.requests()).as("cached").hasSize(sent);
    }

    @Test
    void broker_liquidation_arrives_as_a_fill_nobody_ordered() {
        sim.openPosition(ACCOUNT, OCC, d("2"), d("4"));
        sim.setPrice(OCC, d("0.05"));
        sim.liquidate(ACCOUNT, OCC);
        assertThat(broker.positions()).isEmpty();
        List<BrokerFill> fills = broker.fills(OPEN_MONDAY.minusSeconds(1), OPEN_MONDAY);
        assertThat(fills).hasSize(2);
        assertThat(fills.get(1).side()).isEqualTo(OrderSide.SELL);
        assertThat(fills.get(1).price()).isEqualByComparingTo("0.05");
    }

    @Test
    void settingsToStringHidesCredentials() {
        AlpacaSettings s = new AlpacaSettings("AKXYZKEY", "very-secret", null, null);
        assertThat(s.toString()).doesNotContain("AKXYZKEY").doesNotContain("very-secret")
                .contains("https://paper-api.alpaca.markets").contains("https://data.alpaca.markets");
        assertThat(s.isLive()).isFalse();
        assertThat(broker.toString()).doesNotContain("KEY-").doesNotContain("SECRET-");
    }

    @Test
    void concurrentSubmissionsAreAllBooked() throws Exception {
        sim.setPrice("AAPL", d("100"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<BrokerOrder>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = "conc-" + i;
                futures.add(pool.submit(() -> broker.submit(order("AAPL", "1", OrderSide.BUY, id))));
            }
            for (java.util.concurrent.Future<BrokerOrder> f : futures) {
                assertThat(f.get().status()).isEqualTo(BrokerOrderStatus.FILLED);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(broker.position("AAPL").orElseThrow().quantity()).isEqualByComparingTo("40");
        assertThat(sim.fills(ACCOUNT)).hasSize(40);
        assertThat(broker.requestCount()).isEqualTo(41);
    }
}
