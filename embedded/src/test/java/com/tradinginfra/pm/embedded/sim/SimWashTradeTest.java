package com.tradinginfra.pm.embedded.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Orders that could fill against an open order of the same symbol on the other side are refused. */
class SimWashTradeTest {
    @RegisterExtension
    final SimulatorFixture market = new SimulatorFixture(AlpacaSimulatorTest.OPEN_MONDAY).price("AAPL", "190").position("AAPL", "10", "190");
    final AlpacaSimulator sim = market.sim;
    final RawAlpaca raw = market.raw;

    private RawAlpaca.Reply order(String side, String type, String price) {
        String priceField = type.equals("limit") ? ",\"limit_price\":\"" + price + "\"" : type.equals("stop") ? ",\"stop_price\":\"" + price + "\"" : "";
        return raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"5\",\"side\":\"" + side + "\",\"type\":\"" + type + "\""
                + priceField + ",\"time_in_force\":\"gtc\"}");
    }

    private static void assertWashTrade(RawAlpaca.Reply r) {
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.obj().get("code").getAsInt()).isEqualTo(42210000);
        assertThat(r.obj().get("message").getAsString()).isEqualTo("potential wash trade detected. use complex orders");
    }

    @Test
    void aMarketSellWhileABuyLimitIsOpenIsAPotentialWashTrade() {
        String buy = order("buy", "limit", "150").obj().get("id").getAsString();
        assertWashTrade(order("sell", "market", null));
        assertThat(sim.orders("main")).filteredOn(o -> o.side().equals("sell")).isEmpty();
        assertThat(sim.position("main", "AAPL").orElseThrow().qty()).isEqualByComparingTo("10");

        raw.delete("/v2/orders/" + buy); // once the buy is gone the sell goes through
        assertThat(order("sell", "market", null).status()).isEqualTo(200);
        assertThat(sim.position("main", "AAPL").orElseThrow().qty()).isEqualByComparingTo("5");
    }

    @Test
    void aMarketBuyWhileASellLimitIsOpenIsRefusedToo() {
        order("sell", "limit", "220");
        assertWashTrade(order("buy", "market", null));
    }

    @Test
    void pricedOrdersAreRefusedOnlyWhenTheyCross() {
        order("buy", "limit", "150");
        assertThat(order("sell", "limit", "200").status()).as("a sell above the buy cannot meet it").isEqualTo(200);
        assertWashTrade(order("sell", "limit", "149"));
        assertThat(order("buy", "limit", "160").status()).as("the same side is no wash trade").isEqualTo(200);
    }

    @Test
    void aComplexOrderIsTheWayAround() {
        order("buy", "limit", "150");
        assertThat(raw.post("/v2/orders", """
                {"symbol":"AAPL","qty":"5","side":"sell","type":"limit","time_in_force":"gtc","order_class":"oco",
                 "take_profit":{"limit_price":"220"},"stop_loss":{"stop_price":"140"}}""").status()).isEqualTo(200);
    }
}
