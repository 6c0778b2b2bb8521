package com.tradinginfra.pm.broker;

import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.BrokerOrderStatus;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.MarketPrice;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.ObservedPrice;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.OrderSide;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The real {@link AlpacaBroker} against response bodies recorded from Alpaca's public material
 * (client-library tests, Alpaca's documented examples, issue threads; sources in
 * src/test/resources/alpaca-recorded/README.md), served over loopback: what it parses and how it
 * classifies each error.
 */
class ReplayRecordedBodiesTest {
    static final String OCC = "AAPL240126P00050000";

    RecordedAlpaca alpaca;
    AlpacaBroker broker;

    @BeforeEach
    void start() {
        alpaca = new RecordedAlpaca();
        broker = new AlpacaBroker(alpaca.settings());
    }

    @AfterEach
    void stop() {
        broker.close();
        alpaca.close();
    }

    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    static Instant t(String s) {
        return Instant.parse(s);
    }

    // ------------------------------------------------------------------ positions

    @Test
    void positionsFromAlpacaPysTests() {
        alpaca.serve("GET", "/v2/positions", "positions.alpaca-py.json");
        List<BrokerPosition> positions = broker.positions();
        assertThat(positions).hasSize(1);
        BrokerPosition p = positions.get(0);
        assertThat(p.symbol()).isEqualTo("AAPL");
        assertThat(p.optionPosition()).isFalse();
        assertThat(p.quantity()).isEqualByComparingTo("5");
        assertThat(p.qtyAvailable()).as("no qty_available in this body: all of it").isEqualByComparingTo("5");
        assertThat(p.avgEntryPrice()).isEqualTo(d("100.0"));
        assertThat(p.currentPrice()).isEqualTo(d("120.0"));
    }

    @Test
    void onePositionFromAlpacaPysTestsAndFromAlpacasDocumentedExample() {
        alpaca.serve("GET", "/v2/positions/AAPL", "position-aapl.alpaca-py.json")
                .serve("GET", "/v2/positions/AAPL", "position.docs.json");
        assertThat(broker.position("AAPL").orElseThrow().quantity()).isEqualByComparingTo("5");
        BrokerPosition documented = broker.position("AAPL").orElseThrow();
        assertThat(documented.symbol()).as("the documented example pads the symbol: \"AAPL \"").isEqualTo("AAPL");
        assertThat(documented.qtyAvailable()).isEqualByComparingTo("4");
        assertThat(documented.side()).isEqualTo(com.tradinginfra.pm.domain.PositionSide.LONG);
    }

    // ------------------------------------------------------------------ orders

    @Test
    void aSubmittedMarketOrderFromAlpacaPysTests() {
        alpaca.serve("POST", "/v2/orders", "order-submitted-market.alpaca-py.json");
        BrokerOrder o = broker.submit(new OrderRequest("AAPL", d("1"), OrderSide.BUY, "eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4"));
        assertThat(o.id()).isEqualTo("61e69015-8549-4bfd-b9c3-01e75843f47d");
        assertThat(o.clientOrderId()).isEqualTo("eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4");
        assertThat(o.symbol()).as("read as recorded, stray backtick included").isEqualTo("AAPL`");
        assertThat(o.status()).as("accepted: working, nothing filled").isEqualTo(BrokerOrderStatus.NEW);
        assertThat(o.quantity()).isEqualByComparingTo("1");
        assertThat(o.filledQuantity()).isEqualByComparingTo("0");
        assertThat(o.filledAvgPrice()).isNull();
        assertThat(o.orderClass()).isEqualTo("simple");
        assertThat(o.side()).isEqualTo(OrderSide.BUY);
        assertThat(o.legs()).isEmpty();
    }

    @Test
    void aSubmittedLimitOrderWithTheEmptyOrderClassAlpacaSends() {
        alpaca.serve("POST", "/v2/orders", "order-submitted-limit.trade-api-python.json");
        BrokerOrder o = broker.submit(new OrderRequest("SPY", d("1"), OrderSide.BUY, "6de7d1b2-f772-4a0d-8c15-bacea15eb29e"));
        assertThat(o.orderClass()).isEqualTo("simple");
        assertThat(o.type()).isEqualTo("limit");
        assertThat(o.symbol()).isEqualTo("SPY");
        assertThat(o.status()).isEqualTo(BrokerOrderStatus.NEW);
    }

    @Test
    void openOrdersFromAlpacaPysTests() {
        alpaca.serve("GET", "/v2/orders", "orders.alpaca-py.json");
        List<BrokerOrder> orders = broker.openOrders();
        assertThat(orders).hasSize(1);
        BrokerOrder o = orders.get(0);
        assertThat(o.id()).isEqualTo("0b11f089-722d-4ced-9beb-e2eeed3637dc");
        assertThat(o.symbol()).isEqualTo("SPY");
        assertThat(o.type()).isEqualTo("stop");
        assertThat(o.status()).isEqualTo(BrokerOrderStatus.NEW);
        assertThat(o.filledAvgPrice()).as("a number, not a string").isEqualByComparingTo("0");
        assertThat(o.filledAt()).isEqualTo(t("2019-08-24T14:15:22Z"));
        assertThat(alpaca.requests().get(0).getQuery()).contains("status=open").contains("nested=true");
    }

    @Test
    void anOrderByClientIdFromAlpacaPysTestsAndAlpacasDocumentedExample() {
        alpaca.serve("GET", "/v2/orders:by_client_order_id", "order-by-client-id.alpaca-py.json")
                .serve("GET", "/v2/orders:by_client_order_id", "order.docs.json");
        BrokerOrder o = broker.orderByClientId("eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4").orElseThrow();
        assertThat(o.id()).isEqualTo("61e69015-8549-4bfd-b9c3-01e75843f47d");
        assertThat(alpaca.requests().get(0).getQuery()).isEqualTo("client_order_id=eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4");
        BrokerOrder notional = broker.orderByClientId("eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4").orElseThrow();
        assertThat(notional.quantity()).as("a notional order has qty null").isNull();
        assertThat(notional.orderClass()).isEqualTo("simple");
        assertThat(notional.symbol()).isEqualTo("AAPL");
    }

    @Test
    void anOrderWhoseCancelIsPendingStillMayFill() {
        alpaca.serve("GET", "/v2/orders/aaeec1f3-4917-4cfd-b89f-bab24495d2ff", "order-pending-cancel.docs.json");
        BrokerOrder o = broker.order("aaeec1f3-4917-4cfd-b89f-bab24495d2ff").orElseThrow();
        assertThat(o.status()).isEqualTo(BrokerOrderStatus.PENDING_CANCEL);
        assertThat(o.isTerminal()).isFalse();
        assertThat(o.type()).isEqualTo("stop_limit");
        assertThat(o.quantity()).isEqualByComparingTo("1");
    }

    @Test
    void aMissingOrderIsEmptyAndNotCancelable() {
        String body = RecordedAlpaca.read("error-404-order-not-found.alpaca-py.json");
        alpaca.serve("GET", "/v2/orders:by_client_order_id", 404, body, Map.of())
                .serve("DELETE", "/v2/orders/72249bb6-6c89-4ea7-b8cf-73f1a140812b", 404, body, Map.of())
                .serve("DELETE", "/v2/orders/61e69015-8549-4bfd-b9c3-01e75843f47d", 204, "", Map.of());
        assertThat(broker.orderByClientId("gone")).isEmpty();
        assertThat(broker.cancel("72249bb6-6c89-4ea7-b8cf-73f1a140812b")).isFalse();
        assertThat(broker.cancel("61e69015-8549-4bfd-b9c3-01e75843f47d")).as("204: the cancel was accepted").isTrue();
    }

    // ------------------------------------------------------------------ fills

    @Test
    void fillsAmongOtherActivitiesFromAlpacaPysTests() {
        alpaca.serve("GET", "/v2/account/activities/FILL", "activities-with-fill.alpaca-py.json");
        List<BrokerFill> fills = broker.fills(t("2022-03-01T00:00:00Z"), null);
        assertThat(fills).as("the CSD activities are not fills").hasSize(1);
        BrokerFill f = fills.get(0);
        assertThat(f.id()).isEqualTo("20220304095318500::092cd749-b783-49cb-a36e-4d8666be201f");
        assertThat(f.orderId()).isEqualTo("b677e464-c2d0-4fdd-a4b1-8830b386aa50");
        assertThat(f.symbol()).isEqualTo("GOOGL");
        assertThat(f.side()).isEqualTo(OrderSide.BUY);
        assertThat(f.quantity()).isEqualByComparingTo("9");
        assertThat(f.price()).isEqualTo(d("2630.95"));
        assertThat(f.transactionTime()).isEqualTo(t("2022-03-04T14:53:18.500245Z"));
    }

    @Test
    void aPartialFillFromAlpacaTradeApiGosTestsAndTheDocumentedFill() {
        alpaca.serve("GET", "/v2/account/activities/FILL", "activities-div-and-partial-fill.go.json")
                .serve("GET", "/v2/account/activities/FILL", 200, "[" + RecordedAlpaca.read("fill-activity.docs.json") + "]", Map.of());
        BrokerFill partial = broker.fills(t("2024-06-01T00:00:00Z"), null).get(0);
        assertThat(partial.symbol()).isEqualTo("AAPL");
        assertThat(partial.side()).isEqualTo(OrderSide.SELL);
        assertThat(partial.quantity()).isEqualByComparingTo("643");
        assertThat(partial.price()).isEqualTo(d("3.8"));
        List<BrokerFill> documented = broker.fills(t("2019-05-01T00:00:00Z"), null);
        assertThat(documented).singleElement().satisfies(f -> {
            assertThat(f.symbol()).isEqualTo("LPCN");
            assertThat(f.price()).isEqualTo(d("1.63"));
            assertThat(f.transactionTime()).isEqualTo(t("2019-05-24T15:34:06.977Z"));
        });
    }

    // ------------------------------------------------------------------ calendar

    @Test
    void aCalendarDayFromAlpacaTradeApiPythonsTestsAndTheDocumentedDay() {
        alpaca.serve("GET", "/v2/calendar", "calendar.trade-api-python.json")
                .serve("GET", "/v2/calendar", 200, "[" + RecordedAlpaca.read("calendar-day.docs.json") + "]", Map.of());
        LocalDate day = LocalDate.parse("2018-01-03");
        MarketSession s = broker.session(day).orElseThrow();
        ZoneId ny = ZoneId.of("America/New_York");
        assertThat(s.open()).isEqualTo(ZonedDateTime.of(2018, 1, 3, 9, 30, 0, 0, ny).toInstant());
        assertThat(s.close()).isEqualTo(ZonedDateTime.of(2018, 1, 3, 16, 0, 0, 0, ny).toInstant());
        assertThat(alpaca.requests().get(0).getQuery()).isEqualTo("start=2018-01-03&end=2018-01-03");
        try (AlpacaBroker fresh = new AlpacaBroker(alpaca.settings())) {
            assertThat(fresh.session(day)).contains(s);
        }
    }

    // ------------------------------------------------------------------ stock prices

    @Test
    void aStockSnapshotFromAlpacaPysTestsKeepsTradeAndQuoteWithTheirTimes() {
        alpaca.serve("GET", "/v2/stocks/snapshots", "stock-snapshots-aapl.alpaca-py.json");
        MarketPrice p = broker.stockMarketPrices(List.of("AAPL")).get("AAPL");
        assertThat(p.lastTrade()).isEqualTo(d("161.1998"));
        assertThat(p.lastTradeAt()).isEqualTo(t("2022-03-18T14:33:58.448432206Z"));
        assertThat(p.bid()).isEqualTo(d("161.19"));
        assertThat(p.ask()).isEqualTo(d("161.2"));
        assertThat(p.quotedAt()).isEqualTo(t("2022-03-18T14:33:58.547942Z"));
        ObservedPrice freshest = p.freshest().orElseThrow();
        assertThat(freshest.source()).as("the quote is 0.1 s newer").isEqualTo(ObservedPrice.Source.QUOTE_MIDPOINT);
        assertThat(freshest.price()).isEqualByComparingTo("161.195");
        assertThat(alpaca.requests().get(0).getQuery()).isEqualTo("symbols=AAPL&feed=iex");
    }

    @Test
    void stockSnapshotsLeaveOutUnknownSymbolsAndTheFeedIsConfigurable() {
        alpaca.serve("GET", "/v2/stocks/snapshots", "stock-snapshots-aapl-msft-invalid.go.json");
        try (AlpacaBroker sip = AlpacaBroker.builder(alpaca.settings()).stockFeed(StockFeed.SIP).build()) {
            Map<String, MarketPrice> prices = sip.stockMarketPrices(List.of("AAPL", "MSFT", "INVALID"));
            assertThat(prices).containsOnlyKeys("AAPL", "MSFT");
            assertThat(prices.get("MSFT").lastTrade()).isEqualTo(d("253.8738"));
            assertThat(prices.get("MSFT").lastTradeAt()).isEqualTo(t("2021-05-03T14:48:06.36Z"));
        }
        assertThat(alpaca.requests().get(0).getQuery()).contains("feed=sip");
    }

    @Test
    void theDocumentedSnapshotsAfterTheCloseMakeTheQuoteTheFreshestPrice() {
        alpaca.serve("GET", "/v2/stocks/snapshots", "stock-snapshots.docs.json");
        Map<String, BigDecimal> prices = broker.stockPrices(List.of("AAPL", "TSLA"));
        // Trades at 20:00:00, quotes at 21:48 and 21:49: the midpoints, not the closing trades.
        assertThat(prices.get("AAPL")).isEqualByComparingTo("125.64");
        assertThat(prices.get("TSLA")).isEqualByComparingTo("616.225");
    }

    // ------------------------------------------------------------------ option prices

    @Test
    void anOptionSnapshotWhoseTradeIsHoursOlderThanItsQuote() {
        alpaca.serve("GET", "/v1beta1/options/snapshots", "option-snapshots.alpaca-py.json");
        MarketPrice p = broker.optionMarketPrices(List.of(OCC)).get(OCC);
        assertThat(p.lastTrade()).isEqualTo(d("0.52"));
        assertThat(p.lastTradeAt()).isEqualTo(t("2024-02-02T17:29:53.55240448Z"));
        assertThat(p.bid()).isEqualTo(d("0.48"));
        assertThat(p.ask()).isEqualTo(d("0.59"));
        assertThat(p.quotedAt()).isEqualTo(t("2024-02-02T20:59:59.731674112Z"));
        ObservedPrice freshest = p.freshest().orElseThrow();
        assertThat(freshest.source()).isEqualTo(ObservedPrice.Source.QUOTE_MIDPOINT);
        assertThat(freshest.price()).isEqualByComparingTo("0.535");
        assertThat(p.trade().orElseThrow().isOlderThan(Duration.ofSeconds(120), p.quotedAt())).isTrue();
        assertThat(alpaca.requests().get(0).getQuery()).as("no feed chosen: Alpaca's by subscription").isEqualTo("symbols=" + OCC);
        try (AlpacaBroker indicative = AlpacaBroker.builder(alpaca.settings()).optionFeed(OptionFeed.INDICATIVE).build()) {
            alpaca.serve("GET", "/v1beta1/options/snapshots", "option-snapshots.alpaca-py.json");
            assertThat(indicative.optionMarketPrices(List.of(OCC))).containsKey(OCC);
        }
        assertThat(alpaca.requests().get(1).getQuery()).isEqualTo("symbols=" + OCC + "&feed=indicative");
    }

    @Test
    void anOptionWithAQuoteAndNoTradeAndAnEmptyAnswer() {
        alpaca.serve("GET", "/v1beta1/options/snapshots", "option-snapshots-quote-only.alpaca-py.json")
                .serve("GET", "/v1beta1/options/snapshots", "option-snapshots-empty.alpaca-py.json");
        try (AlpacaBroker opra = AlpacaBroker.builder(alpaca.settings()).optionFeed(OptionFeed.OPRA).build()) {
            MarketPrice p = opra.optionMarketPrices(List.of(OCC)).get(OCC);
            assertThat(p.trade()).isEmpty();
            assertThat(p.freshest().orElseThrow().price()).isEqualByComparingTo("0.535");
            assertThat(opra.optionMarketPrices(List.of(OCC))).isEmpty();
        }
        assertThat(alpaca.requests().get(0).getQuery()).contains("feed=opra");
    }

    @Test
    void anOptionTradedTwoDaysBeforeItsQuoteFromAlpacaTradeApiGosTests() {
        alpaca.serve("GET", "/v1beta1/options/snapshots", "option-snapshots-stale-trade.go.json")
                .serve("GET", "/v1beta1/options/snapshots", "option-snapshots-stale-trade.go.json");
        MarketPrice p = broker.optionMarketPrices(List.of("SPXW240327P04925000")).get("SPXW240327P04925000");
        assertThat(p.lastTrade()).isEqualTo(d("14.85"));
        assertThat(Duration.between(p.lastTradeAt(), p.quotedAt())).isGreaterThan(Duration.ofDays(1));
        assertThat(p.freshest().orElseThrow().price()).isEqualByComparingTo("11.45");
        // The old code priced this contract at the two-day-old trade, 14.85.
        assertThat(broker.optionPrices(List.of("SPXW240327P04925000"))).containsEntry("SPXW240327P04925000", d("11.45"));
    }

    @Test
    void whenTheTradeIsNewerThanTheQuoteTheTradeIsTheFreshest() {
        alpaca.serve("GET", "/v1beta1/options/snapshots", "option-snapshots-quote-only-and-trade.go.json");
        Map<String, MarketPrice> prices = broker.optionMarketPrices(List.of("NIO240719P00002000", "NIO240405P00004000"));
        assertThat(prices).containsOnlyKeys("NIO240719P00002000", "NIO240405P00004000");
        assertThat(prices.get("NIO240719P00002000").freshest().orElseThrow().price()).isEqualByComparingTo("0.635");
        ObservedPrice traded = prices.get("NIO240405P00004000").freshest().orElseThrow();
        assertThat(traded.source()).isEqualTo(ObservedPrice.Source.TRADE);
        assertThat(traded.price()).isEqualByComparingTo("0.05");
        assertThat(traded.at()).isEqualTo(t("2024-03-07T15:53:37.134486784Z"));
    }

    @Test
    void optionSnapshotsFollowTheNextPageToken() {
        alpaca.serve("GET", "/v1beta1/options/snapshots", "option-snapshots-page1.go.json")
                .serve("GET", "/v1beta1/options/snapshots", "option-snapshots-page2.go.json");
        Map<String, MarketPrice> prices = broker.optionMarketPrices(List.of("AAPL240426C00152500", "AAPL240426C00155000"));
        assertThat(prices).containsOnlyKeys("AAPL240426C00152500", "AAPL240426C00155000");
        assertThat(prices.get("AAPL240426C00155000").lastTrade()).isEqualTo(d("14.28"));
        assertThat(alpaca.requests()).hasSize(2);
        assertThat(alpaca.requests().get(1).getQuery()).contains("page_token=QUFQTDI0MDQyNkMwMDE1MjUwMA==");
    }

    // ------------------------------------------------------------------ errors

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "error-422-client-order-id-must-be-unique.alpaca-py-260.json | 422 | DUPLICATE_CLIENT_ORDER_ID | client_order_id must be unique",
            "error-422-qty-must-be-integer.trade-api-python.json | 422 | REJECTED | qty must be integer",
            "error-422-qty-or-notional-required.trade-api-python.json | 422 | REJECTED | qty or notional is required",
            "error-422-only-one-of-qty-or-notional.trade-api-python.json | 422 | REJECTED | only one of qty or notional is accepted",
            "error-422-bracket-market-or-limit.alpaca-java-44.json | 422 | REJECTED | bracket orders must be market or limit orders",
            "error-422-wash-trade.alpaca-java-145.json | 422 | WASH_TRADE | potential wash trade detected. use complex orders",
            "error-403-wash-trade.forum-13817.json | 403 | WASH_TRADE | potential wash trade detected. use complex orders",
            "error-422-bracket-orders-must-be-entry.trade-api-js-248.json | 422 | REJECTED | bracket orders must be entry orders",
            "error-42210000-generic.go.json | 422 | REJECTED | error",
            "error-403-insufficient-qty.forum-16594.json | 403 | INSUFFICIENT_QTY | insufficient qty available for order (requested: 1, available: 0)",
            "error-403-order-failed.trade-api-python.json | 403 | REJECTED | Order failed",
            "error-400-custom.go.json | 400 | REJECTED | custom error message",
            "error-401-unauthorized.alpaca-learn.json | 401 | AUTHENTICATION | unauthorized",
            "error-401-unauthorized.dev-to-ll-126.json | 401 | AUTHENTICATION | unauthorized.",
            "error-401-40110000.trade-api-go-129.json | 401 | AUTHENTICATION | request is unauthorized (generate APCA-API-KEY-ID and APCA-API-ACCESS-SECRET-KEY from dashboard and include in HTTP header)",
            "error-403-forbidden.alpaca-api-228.json | 403 | AUTHENTICATION | forbidden.",
    })
    void aRecordedErrorAnsweringTheCloseOrderIsClassifiedAndCarriesTheBrokersMessage(String file, int status,
                                                                                     BrokerFailure expected, String message) {
        alpaca.serve("POST", "/v2/orders", status, RecordedAlpaca.read(file), Map.of());
        BrokerException e = catchThrowableOfType(BrokerException.class,
                () -> broker.submit(new OrderRequest("AAPL", d("1"), OrderSide.SELL, "close-1-1")));
        assertThat(e.failure()).isEqualTo(expected);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void aRecordedPlainText429WithRetryAfterIsRateLimited() {
        alpaca.serve("POST", "/v2/orders", 429, RecordedAlpaca.read("error-429-too-many-requests.trade-api-python.txt"),
                Map.of("Retry-After", "3"));
        BrokerException e = catchThrowableOfType(BrokerException.class,
                () -> broker.submit(new OrderRequest("AAPL", d("1"), OrderSide.SELL, "close-1-1")));
        assertThat(e.failure()).isEqualTo(BrokerFailure.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.code()).isEmpty();
    }

    @Test
    void aRecorded401HasNoCodeAndIsNotARefusalOfTheOrder() {
        alpaca.serve("GET", "/v2/positions", 401, RecordedAlpaca.read("error-401-unauthorized.alpaca-learn.json"), Map.of());
        BrokerException e = catchThrowableOfType(BrokerException.class, broker::positions);
        assertThat(e.code()).isEmpty();
        assertThat(e.failure().isRefusalOfTheOrder()).isFalse();
        assertThat(e.getMessage()).doesNotContain("recorded-secret").doesNotContain("recorded-key");
    }
}
