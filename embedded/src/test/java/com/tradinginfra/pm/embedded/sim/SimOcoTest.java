package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OCO orders over HTTP as Alpaca takes them: a limit and a stop protecting a position, one filling
 * cancels the other, the pair holds its quantity, and what Alpaca refuses (options, 4–7 pm ET).
 */
class SimOcoTest {
    @RegisterExtension
    final SimulatorFixture market = new SimulatorFixture(AlpacaSimulatorTest.OPEN_MONDAY).price("AAPL", "190").position("AAPL", "10", "190");
    final AlpacaSimulator sim = market.sim;
    final RawAlpaca raw = market.raw;

    private RawAlpaca.Reply oco(String symbol, String qty, String side, String target, String stop) {
        return raw.post("/v2/orders", "{\"symbol\":\"" + symbol + "\",\"qty\":\"" + qty + "\",\"side\":\"" + side
                + "\",\"type\":\"limit\",\"time_in_force\":\"gtc\",\"order_class\":\"oco\",\"take_profit\":{\"limit_price\":\""
                + target + "\"},\"stop_loss\":{\"stop_price\":\"" + stop + "\"},\"client_order_id\":\"pm-main-1-r1\"}");
    }

    @Test
    void anOcoIsTheLimitWithTheStopNestedAsItsLeg() {
        RawAlpaca.Reply r = oco("AAPL", "10", "sell", "220", "170");
        assertThat(r.status()).isEqualTo(200);
        JsonObject o = r.obj();
        assertThat(o.get("order_class").getAsString()).isEqualTo("oco");
        assertThat(o.get("type").getAsString()).isEqualTo("limit");
        assertThat(o.get("limit_price").getAsString()).isEqualTo("220");
        assertThat(o.get("legs").getAsJsonArray()).hasSize(1);
        JsonObject leg = o.get("legs").getAsJsonArray().get(0).getAsJsonObject();
        assertThat(leg.get("type").getAsString()).isEqualTo("stop");
        assertThat(leg.get("stop_price").getAsString()).isEqualTo("170");
        assertThat(leg.get("side").getAsString()).isEqualTo("sell");

        JsonObject byClientId = raw.get("/v2/orders:by_client_order_id?client_order_id=pm-main-1-r1").obj();
        assertThat(byClientId.get("id").getAsString()).isEqualTo(o.get("id").getAsString());
        assertThat(byClientId.get("legs").getAsJsonArray()).hasSize(1);
    }

    @Test
    void theStopFillingCancelsTheLimitAndSellsOnce() {
        JsonObject o = oco("AAPL", "10", "sell", "220", "170").obj();
        String legId = o.get("legs").getAsJsonArray().get(0).getAsJsonObject().get("id").getAsString();
        sim.setPrice("AAPL", "169");
        assertThat(sim.order("main", legId).orElseThrow().status()).isEqualTo("filled");
        assertThat(sim.order("main", o.get("id").getAsString()).orElseThrow().status()).isEqualTo("canceled");
        assertThat(sim.position("main", "AAPL")).isEmpty();
        sim.setPrice("AAPL", "230");
        assertThat(sim.position("main", "AAPL")).as("the cancelled limit never sells").isEmpty();
    }

    @Test
    void theLimitFillingCancelsTheStop() {
        JsonObject o = oco("AAPL", "10", "sell", "220", "170").obj();
        String legId = o.get("legs").getAsJsonArray().get(0).getAsJsonObject().get("id").getAsString();
        sim.setPrice("AAPL", "221");
        assertThat(sim.order("main", o.get("id").getAsString()).orElseThrow().status()).isEqualTo("filled");
        assertThat(sim.order("main", legId).orElseThrow().status()).isEqualTo("canceled");
        assertThat(sim.position("main", "AAPL")).isEmpty();
    }

    @Test
    void thePairHoldsItsQuantityOnceAndAMarketSellIsRefusedWhileItWorks() {
        oco("AAPL", "10", "sell", "220", "170");
        assertThat(sim.position("main", "AAPL").orElseThrow().qtyAvailable()).isEqualByComparingTo("0");
        RawAlpaca.Reply sell = raw.post("/v2/orders", """
                {"symbol":"AAPL","qty":"10","side":"sell","type":"market","time_in_force":"day"}""");
        assertThat(sell.status()).isEqualTo(403);
        assertThat(sell.obj().get("message").getAsString()).startsWith("insufficient qty available for order");
        assertThat(sell.obj().get("held_for_orders").getAsString()).isEqualTo("10");
    }

    @Test
    void aPairForMoreThanIsFreeIsRefused() {
        oco("AAPL", "6", "sell", "220", "170");
        RawAlpaca.Reply second = raw.post("/v2/orders", """
                {"symbol":"AAPL","qty":"6","side":"sell","type":"limit","time_in_force":"gtc","order_class":"oco",
                 "take_profit":{"limit_price":"221"},"stop_loss":{"stop_price":"171"}}""");
        assertThat(second.status()).isEqualTo(403);
        assertThat(second.obj().get("available").getAsString()).isEqualTo("4");
    }

    @Test
    void aShortPositionIsProtectedByABuyPair() {
        sim.setPrice("TSLA", "250");
        sim.openPosition("main", "TSLA", new BigDecimal("-4"), new BigDecimal("250"));
        assertThat(oco("TSLA", "4", "buy", "230", "270").status()).isEqualTo(200);
        sim.setPrice("TSLA", "271");
        assertThat(sim.position("main", "TSLA")).isEmpty();
        assertThat(oco("TSLA", "4", "buy", "270", "230").status()).as("a buy pair's target must be below its stop")
                .isEqualTo(422);
    }

    @Test
    void optionsTakeNoOco() {
        String occ = "AAPL261218C00200000";
        sim.setPrice(occ, "5");
        sim.openPosition("main", occ, new BigDecimal("2"), new BigDecimal("5"));
        RawAlpaca.Reply r = oco(occ, "2", "sell", "8", "3");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.obj().get("message").getAsString()).contains("not supported for options");
    }

    @Test
    void anOcoBetweenTheCloseAndSevenPmIsRefusedAndAfterSevenIsQueued() {
        sim.advanceTo(Instant.parse("2026-11-23T22:00:00Z")); // 17:00 ET
        RawAlpaca.Reply refused = oco("AAPL", "10", "sell", "220", "170");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.obj().get("code").getAsInt()).isEqualTo(42210000);

        sim.advanceTo(Instant.parse("2026-11-24T01:00:00Z")); // 20:00 ET
        RawAlpaca.Reply queued = raw.post("/v2/orders", """
                {"symbol":"AAPL","qty":"10","side":"sell","type":"limit","time_in_force":"gtc","order_class":"oco",
                 "take_profit":{"limit_price":"220"},"stop_loss":{"stop_price":"170"},"client_order_id":"pm-main-1-r2"}""");
        assertThat(queued.status()).isEqualTo(200);
        assertThat(queued.obj().get("status").getAsString()).isEqualTo("accepted");
    }
}
