package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.tradinginfra.pm.broker.AlpacaSettings;
import net.jacobpeterson.alpaca.AlpacaAPI;
import net.jacobpeterson.alpaca.model.endpoint.calendar.Calendar;
import net.jacobpeterson.alpaca.model.endpoint.clock.Clock;
import net.jacobpeterson.alpaca.model.endpoint.orders.Order;
import net.jacobpeterson.alpaca.model.endpoint.orders.enums.CurrentOrderStatus;
import net.jacobpeterson.alpaca.model.endpoint.positions.Position;
import net.jacobpeterson.alpaca.model.properties.DataAPIType;
import net.jacobpeterson.alpaca.model.properties.EndpointAPIType;
import net.jacobpeterson.alpaca.rest.AlpacaClientException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The simulator's own behaviour, over raw HTTP and through alpaca-java's models. */
class AlpacaSimulatorTest {
    static final Instant OPEN_MONDAY = Instant.parse("2026-11-23T15:00:00Z");

    @RegisterExtension
    final SimulatorFixture market = new SimulatorFixture(OPEN_MONDAY);
    final AlpacaSimulator sim = market.sim;
    final RawAlpaca raw = market.raw;

    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** alpaca-java 9.2.0 pointed at the simulator, as the adapter does it. */
    static AlpacaAPI library(AlpacaSimulator sim, String account) {
        AlpacaSettings s = sim.settings(account);
        HttpUrl target = HttpUrl.get(s.tradingUrl());
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                .url(chain.request().url().newBuilder().scheme(target.scheme()).host(target.host()).port(target.port()).build())
                .build())).build();
        return new AlpacaAPI(http, s.keyId(), s.secretKey(), null, EndpointAPIType.PAPER, DataAPIType.IEX);
    }

    @Test
    void unauthorizedWithoutKeys() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/v2/positions")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"code\":40110000,\"message\":\"request is not authorized\"}");
        AlpacaSettings s = sim.settings("main");
        AlpacaAPI wrong = new AlpacaAPI(library(sim, "main").getOkHttpClient(), s.keyId(), "bad", null,
                EndpointAPIType.PAPER, DataAPIType.IEX);
        AlpacaClientException e = catchThrowableOfType(AlpacaClientException.class, () -> wrong.positions().get());
        e.getMessage(); // 9.2.0 fills the API code lazily
        // bad keys: no code (Alpaca Learn, "How to fix common Trading API errors at Alpaca")
        assertThat(e.getResponseStatusCode()).isEqualTo(401);
        assertThat(e.getAPIResponseCode()).isNull();
    }

    @Test
    void libraryReadsClockCalendarPositionsAndOrders() throws Exception {
        AlpacaAPI api = library(sim, "main");
        Clock clock = api.clock().get();
        assertThat(clock.getIsOpen()).isTrue();
        assertThat(clock.getTimestamp().toInstant()).isEqualTo(OPEN_MONDAY);
        assertThat(clock.getNextClose().toInstant()).isEqualTo(Instant.parse("2026-11-23T21:00:00Z"));
        assertThat(clock.getNextOpen().toInstant()).isEqualTo(Instant.parse("2026-11-24T14:30:00Z"));

        List<Calendar> days = api.calendar().get(LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 30));
        assertThat(days).extracting(Calendar::getDate)
                .containsExactly(LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 30));
        assertThat(days.get(1).getClose()).isEqualTo(LocalTime.of(13, 0));

        sim.openPosition("main", "AAPL", d("10"), d("190"));
        sim.setPrice("AAPL", d("200"));
        Position p = api.positions().getBySymbol("AAPL");
        assertThat(p.getQuantity()).isEqualTo("10");
        assertThat(p.getMarketValue()).isEqualTo("2000");
        assertThat(p.getUnrealizedProfitLoss()).isEqualTo("100");

        raw.order("""
                {"symbol":"AAPL","qty":"10","side":"sell","type":"limit","time_in_force":"gtc","order_class":"oco",
                 "take_profit":{"limit_price":"220"},"stop_loss":{"stop_price":"180"}}""");
        List<Order> open = api.orders().get(CurrentOrderStatus.OPEN, 50, null, null, null, true, null);
        assertThat(open).hasSize(1);
        assertThat(open.get(0).getLegs()).hasSize(1);
        assertThat(open.get(0).getSubmittedAt()).isNotNull();
    }

    @Test
    void clockAndCalendarJson() {
        sim.setTime(Instant.parse("2026-11-27T17:59:00Z"));
        JsonObject clock = raw.get("/v2/clock").obj();
        assertThat(clock.get("is_open").getAsBoolean()).isTrue();
        assertThat(clock.get("next_close").getAsString()).isEqualTo("2026-11-27T13:00-05:00");
        sim.advanceBy(java.time.Duration.ofMinutes(2));
        assertThat(raw.get("/v2/clock").obj().get("is_open").getAsBoolean()).isFalse();

        JsonArray cal = raw.get("/v2/calendar?start=2026-11-26&end=2026-11-27").json().getAsJsonArray();
        assertThat(cal).hasSize(1);
        JsonObject day = cal.get(0).getAsJsonObject();
        assertThat(day.get("date").getAsString()).isEqualTo("2026-11-27");
        assertThat(day.get("open").getAsString()).isEqualTo("09:30");
        assertThat(day.get("close").getAsString()).isEqualTo("13:00");
        assertThat(day.get("session_open").getAsString()).isEqualTo("0400");
        assertThat(day.get("session_close").getAsString()).isEqualTo("2000");
        assertThat(raw.get("/v2/calendar?start=2026-01-01&end=2026-12-31").json().getAsJsonArray()).hasSize(251);
    }

    @Test
    void dayOrdersExpireAtTheCloseAndGtcOrdersStay() {
        sim.setPrice("AAPL", d("190"));
        String day = raw.order("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"150\",\"time_in_force\":\"day\"}")
                .get("id").getAsString();
        String gtc = raw.order("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"150\",\"time_in_force\":\"gtc\"}")
                .get("id").getAsString();
        sim.advanceTo(Instant.parse("2026-11-24T15:00:00Z"));
        assertThat(sim.order("main", day).orElseThrow().status()).isEqualTo("expired");
        assertThat(sim.order("main", gtc).orElseThrow().status()).isEqualTo("new");
        sim.setPrice("AAPL", d("149"));
        assertThat(sim.order("main", gtc).orElseThrow().status()).isEqualTo("filled");
        assertThat(sim.order("main", gtc).orElseThrow().filledAvgPrice()).isEqualByComparingTo("150");
    }

    @Test
    void validationErrorsNameTheField() {
        assertThat(message(raw.post("/v2/orders", "{\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}")))
                .contains("symbol");
        assertThat(message(raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"0\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}")))
                .contains("qty");
        assertThat(message(raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"up\",\"type\":\"market\",\"time_in_force\":\"day\"}")))
                .contains("side");
        assertThat(message(raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"time_in_force\":\"day\"}")))
                .contains("limit_price");
        assertThat(message(raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\","
                + "\"order_class\":\"bracket\",\"take_profit\":{\"limit_price\":\"200\"}}")))
                .contains("stop_loss.stop_price");
        RawAlpaca.Reply r = raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.obj().get("code").getAsInt()).isEqualTo(40010000);
        assertThat(sim.orders("main")).isEmpty();
    }

    private static String message(RawAlpaca.Reply r) {
        assertThat(r.status()).isEqualTo(422);
        return r.obj().get("message").getAsString();
    }

    @Test
    void closePositionEndpoint() {
        sim.openPosition("main", "AAPL", d("10"), d("190"));
        RawAlpaca.Reply both = raw.delete("/v2/positions/AAPL?qty=1&percentage=50");
        assertThat(both.status()).isEqualTo(422);
        RawAlpaca.Reply half = raw.delete("/v2/positions/AAPL?percentage=50");
        assertThat(half.status()).isEqualTo(200);
        assertThat(half.obj().get("side").getAsString()).isEqualTo("sell");
        assertThat(sim.position("main", "AAPL").orElseThrow().qty()).isEqualByComparingTo("5");
        assertThat(raw.delete("/v2/positions/AAPL?qty=5").status()).isEqualTo(200);
        RawAlpaca.Reply gone = raw.delete("/v2/positions/AAPL");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.obj().get("message").getAsString()).isEqualTo("position does not exist");
    }

    @Test
    void cancelOfAFilledOrderIsNotCancelable() {
        sim.setPrice("AAPL", d("190"));
        String id = raw.order("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}")
                .get("id").getAsString();
        RawAlpaca.Reply r = raw.delete("/v2/orders/" + id);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.obj().get("code").getAsInt()).isEqualTo(42210000);
        assertThat(r.obj().get("message").getAsString()).isEqualTo("order is not cancelable");
        assertThat(raw.get("/v2/orders:by_client_order_id?client_order_id=none").obj().get("message").getAsString())
                .isEqualTo("order not found");
    }

    @Test
    void ocoProtectsAnExistingPosition() {
        sim.openPosition("main", "AAPL", d("10"), d("190"));
        JsonObject oco = raw.order("""
                {"symbol":"AAPL","qty":"10","side":"sell","type":"limit","time_in_force":"gtc","order_class":"oco",
                 "take_profit":{"limit_price":"220"},"stop_loss":{"stop_price":"180"}}""");
        assertThat(oco.get("order_class").getAsString()).isEqualTo("oco");
        assertThat(sim.position("main", "AAPL").orElseThrow().qtyAvailable()).isEqualByComparingTo("0");
        sim.setPrice("AAPL", d("221"));
        assertThat(sim.position("main", "AAPL")).isEmpty();
        assertThat(sim.orders("main")).filteredOn(o -> "oco".equals(o.orderClass()))
                .extracting(AlpacaSimulator.Order::type, AlpacaSimulator.Order::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("limit", "filled"),
                        org.assertj.core.groups.Tuple.tuple("stop", "canceled"));
    }

    /** 10 AAPL bought at 190 with a take-profit at 200 and a stop at 180; the next fill is of 4 shares only. */
    private void bracketOfTenWhoseNextExitFillsFour() {
        sim.setPrice("AAPL", d("190"));
        raw.order("""
                {"symbol":"AAPL","qty":"10","side":"buy","type":"market","time_in_force":"gtc","order_class":"bracket",
                 "take_profit":{"limit_price":"200"},"stop_loss":{"stop_price":"180"}}""");
        sim.partialFillNext("AAPL", d("4"));
    }

    @Test
    void partialTakeProfitResizesTheStop() {
        bracketOfTenWhoseNextExitFillsFour();
        sim.setPrice("AAPL", d("200"));
        assertThat(sim.position("main", "AAPL").orElseThrow().qty()).isEqualByComparingTo("6");
        AlpacaSimulator.Order stop = sim.orders("main").stream().filter(o -> "stop".equals(o.type())).findFirst().orElseThrow();
        assertThat(stop.qty()).isEqualByComparingTo("6");
        sim.setPrice("AAPL", d("179"));
        assertThat(sim.position("main", "AAPL")).isEmpty();
    }

    @Test
    void aPartialStopResizesTheTakeProfitSoThePairNeverSellsMoreThanItHolds() {
        bracketOfTenWhoseNextExitFillsFour();
        sim.setPrice("AAPL", d("179"));
        assertThat(sim.position("main", "AAPL").orElseThrow().qty()).isEqualByComparingTo("6");
        AlpacaSimulator.Order target = sim.orders("main").stream().filter(o -> "limit".equals(o.type())).findFirst().orElseThrow();
        assertThat(target.qty()).isEqualByComparingTo("6");
        // the take-profit filling now (the market jumped, or the venue filled it during a cancel) sells what is left, no more
        sim.fillNow("main", target.id());
        assertThat(sim.position("main", "AAPL")).isEmpty();
        assertThat(sim.orders("main")).filteredOn(o -> "sell".equals(o.side()))
                .extracting(AlpacaSimulator.Order::filledQty).map(BigDecimal::intValue).containsExactlyInAnyOrder(6, 4);
    }

    @Test
    void stockSnapshotAndLatestTradeShapes() {
        sim.setPrice("AAPL", d("190.5"));
        JsonObject snaps = raw.get("/v2/stocks/snapshots?symbols=AAPL,NOPE").obj();
        assertThat(snaps.keySet()).containsExactly("AAPL");
        JsonObject snap = snaps.getAsJsonObject("AAPL");
        assertThat(snap.keySet()).contains("latestTrade", "latestQuote", "minuteBar", "dailyBar", "prevDailyBar");
        assertThat(snap.getAsJsonObject("latestTrade").get("p").getAsBigDecimal()).isEqualByComparingTo("190.5");
        JsonObject trades = raw.get("/v2/stocks/trades/latest?symbols=AAPL&feed=iex").obj().getAsJsonObject("trades");
        assertThat(trades.getAsJsonObject("AAPL").get("p").getAsBigDecimal()).isEqualByComparingTo("190.5");
        assertThat(sim.priceRequestCounts()).containsEntry("/v2/stocks/snapshots", 1).containsEntry("/v2/stocks/trades/latest", 1);
    }

    @Test
    void accountsAreSeparate() {
        sim.openPosition("a", "AAPL", d("1"), d("100"));
        sim.openPosition("b", "MSFT", d("2"), d("300"));
        assertThat(sim.positions("a")).extracting(AlpacaSimulator.Position::symbol).containsExactly("AAPL");
        assertThat(new RawAlpaca(sim, "b").get("/v2/positions").json().getAsJsonArray()).hasSize(1);
        assertThat(sim.requests()).extracting(AlpacaSimulator.Request::account).containsExactly("b");
    }

    @Test
    void optionsExpireAtTheCloseOfTheExpiryDate() {
        sim.openPosition("main", "AAPL261127C00200000", d("2"), d("1.5"));   // ITM: exercised
        sim.openPosition("main", "AAPL261127P00150000", d("-1"), d("0.8"));  // OTM: expires
        sim.openPosition("main", "AAPL261218C00200000", d("1"), d("4"));     // later expiry: stays
        sim.setPrice("AAPL", d("210"));
        sim.advanceTo(Instant.parse("2026-11-27T17:59:00Z"));
        assertThat(sim.positions("main")).hasSize(3);
        sim.advanceTo(Instant.parse("2026-11-27T18:01:00Z")); // early close 13:00
        assertThat(sim.positions("main")).extracting(AlpacaSimulator.Position::symbol)
                .containsExactlyInAnyOrder("AAPL", "AAPL261218C00200000");
        AlpacaSimulator.Position shares = sim.position("main", "AAPL").orElseThrow();
        assertThat(shares.qty()).isEqualByComparingTo("200");
        assertThat(shares.avgEntryPrice()).isEqualByComparingTo("200");
        assertThat(sim.optionEvents("main")).extracting(j -> j.get("activity_type").getAsString())
                .containsExactlyInAnyOrder("OPEXC", "OPEXP");
        assertThat(raw.get("/v2/account/activities/OPEXP").json().getAsJsonArray()).hasSize(1);
        assertThat(sim.fills("main")).hasSize(3);
    }
}
