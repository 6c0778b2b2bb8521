package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancels are asynchronous (ALPACA.md; Alpaca's order lifecycle: {@code pending_cancel}): the
 * DELETE answers 204, the order keeps holding its quantity and can still fill until the venue
 * confirms; a cancel that comes too late is refused with 422 "order is not cancelable".
 */
class SimAsyncCancelTest {
    @RegisterExtension
    final SimulatorFixture market = new SimulatorFixture(AlpacaSimulatorTest.OPEN_MONDAY).price("AAPL", "190");
    final AlpacaSimulator sim = market.sim;
    final RawAlpaca raw = market.raw;

    @BeforeEach
    void asynchronousCancels() {
        sim.cancelDelay(Duration.ZERO); // asynchronous: confirmed at the next clock advance
    }

    private String status(String id) {
        return raw.get("/v2/orders/" + id).obj().get("status").getAsString();
    }

    private String limitSell(String qty, String limit) {
        return raw.order("{\"symbol\":\"AAPL\",\"qty\":\"" + qty + "\",\"side\":\"sell\",\"type\":\"limit\",\"limit_price\":\""
                + limit + "\",\"time_in_force\":\"gtc\"}").get("id").getAsString();
    }

    private RawAlpaca.Reply marketSell(String qty) {
        return raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"" + qty + "\",\"side\":\"sell\",\"type\":\"market\","
                + "\"time_in_force\":\"day\"}");
    }

    /** A filled bracket entry: its take-profit (first) and stop-loss (second) legs work. */
    private JsonObject filledBracket() {
        JsonObject entry = raw.order("""
                {"symbol":"AAPL","qty":"10","side":"buy","type":"market","time_in_force":"gtc","order_class":"bracket",
                 "take_profit":{"limit_price":"220"},"stop_loss":{"stop_price":"180"}}""");
        return raw.get("/v2/orders/" + entry.get("id").getAsString() + "?nested=true").obj();
    }

    private static String leg(JsonObject parent, int i) {
        return parent.getAsJsonArray("legs").get(i).getAsJsonObject().get("id").getAsString();
    }

    @Test
    void aPendingCancelHoldsItsQuantityUntilTheVenueConfirms() {
        sim.openPosition("main", "AAPL", new BigDecimal("10"), new BigDecimal("190"));
        String id = limitSell("10", "220");

        RawAlpaca.Reply cancel = raw.delete("/v2/orders/" + id);
        assertThat(cancel.status()).isEqualTo(204);
        assertThat(cancel.json()).isNull();
        assertThat(status(id)).isEqualTo("pending_cancel");
        assertThat(raw.get("/v2/orders?status=open").json().getAsJsonArray()).hasSize(1);
        assertThat(raw.get("/v2/positions/AAPL").obj().get("qty_available").getAsString()).isEqualTo("0");
        RawAlpaca.Reply refused = marketSell("10");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.obj().get("code").getAsInt()).isEqualTo(40310000);
        assertThat(refused.obj().get("held_for_orders").getAsString()).isEqualTo("10");
        assertThat(refused.obj().getAsJsonArray("related_orders").get(0).getAsString()).isEqualTo(id);

        sim.advanceBy(Duration.ofSeconds(1));
        assertThat(status(id)).isEqualTo("canceled");
        assertThat(raw.get("/v2/orders/" + id).obj().get("canceled_at").isJsonNull()).isFalse();
        assertThat(raw.get("/v2/positions/AAPL").obj().get("qty_available").getAsString()).isEqualTo("10");
        assertThat(marketSell("10").status()).isEqualTo(200);
        assertThat(sim.position("main", "AAPL")).isEmpty();
    }

    @Test
    void aPendingCancelCanStillFill() {
        sim.openPosition("main", "AAPL", new BigDecimal("10"), new BigDecimal("190"));
        String id = limitSell("10", "220");
        assertThat(raw.delete("/v2/orders/" + id).status()).isEqualTo(204);
        sim.setPrice("AAPL", "221");
        assertThat(status(id)).isEqualTo("filled");
        sim.advanceBy(Duration.ofSeconds(1));
        assertThat(status(id)).isEqualTo("filled");
        assertThat(sim.position("main", "AAPL")).isEmpty();
        RawAlpaca.Reply late = raw.delete("/v2/orders/" + id);
        assertThat(late.status()).isEqualTo(422);
        assertThat(late.obj().get("code").getAsInt()).isEqualTo(42210000);
        assertThat(late.obj().get("message").getAsString()).isEqualTo("order is not cancelable");
    }

    @Test
    void cancellingOneBracketLegCancelsTheOther() {
        JsonObject parent = filledBracket();
        String takeProfit = leg(parent, 0);
        String stop = leg(parent, 1);
        assertThat(raw.delete("/v2/orders/" + takeProfit).status()).isEqualTo(204);
        assertThat(status(takeProfit)).isEqualTo("pending_cancel");
        assertThat(status(stop)).isEqualTo("pending_cancel");
        assertThat(raw.delete("/v2/orders/" + stop).status()).as("already pending: accepted again").isEqualTo(204);
        sim.advanceBy(Duration.ofSeconds(1));
        assertThat(status(takeProfit)).isEqualTo("canceled");
        assertThat(status(stop)).isEqualTo("canceled");
        assertThat(raw.delete("/v2/orders/" + stop).status()).isEqualTo(422);
    }

    @Test
    void theVenueConfirmsAfterTheConfiguredDelayOrWhenTold() {
        sim.cancelDelay(Duration.ofSeconds(30));
        sim.openPosition("main", "AAPL", new BigDecimal("10"), new BigDecimal("190"));
        String first = limitSell("5", "220");
        String second = limitSell("5", "230");
        raw.delete("/v2/orders/" + first);
        sim.advanceBy(Duration.ofSeconds(10));
        assertThat(status(first)).isEqualTo("pending_cancel");
        sim.advanceBy(Duration.ofSeconds(25));
        assertThat(status(first)).isEqualTo("canceled");

        raw.delete("/v2/orders/" + second);
        assertThat(status(second)).isEqualTo("pending_cancel");
        sim.confirmCancels();
        assertThat(status(second)).isEqualTo("canceled");
    }

    @Test
    void aLegCanFillWhileItsCancelIsPending() {
        JsonObject parent = filledBracket();
        String takeProfit = leg(parent, 0);
        String stop = leg(parent, 1);
        sim.setPrice("AAPL", "185");
        sim.faults().fillWhileCancelPending("AAPL");
        assertThat(raw.delete("/v2/orders/" + stop).status()).isEqualTo(204);
        assertThat(status(stop)).isEqualTo("pending_cancel");
        sim.advanceBy(Duration.ofSeconds(1));
        assertThat(status(stop)).isEqualTo("filled");
        assertThat(status(takeProfit)).isEqualTo("canceled");
        assertThat(sim.position("main", "AAPL")).isEmpty();
        assertThat(sim.fills("main")).last().satisfies(f -> {
            assertThat(f.orderId()).isEqualTo(stop);
            assertThat(f.side()).isEqualTo("sell");
            assertThat(f.price()).isEqualByComparingTo("185");
        });
    }

    @Test
    void aFillNowControlFillsAPendingLeg() {
        JsonObject parent = filledBracket();
        String takeProfit = leg(parent, 0);
        raw.delete("/v2/orders/" + takeProfit);
        AlpacaSimulator.Order filled = sim.fillNow("main", takeProfit);
        assertThat(filled.status()).isEqualTo("filled");
        assertThat(filled.filledAvgPrice()).isEqualByComparingTo("190");
        assertThat(status(leg(parent, 1))).isEqualTo("canceled");
        assertThat(sim.position("main", "AAPL")).isEmpty();
    }

    @Test
    void aCancelThatComesTooLateIsNotCancelableAndTheLegFilled() {
        JsonObject parent = filledBracket();
        String stop = leg(parent, 1);
        sim.setPrice("AAPL", "181");
        sim.faults().fillBeforeCancel("AAPL");
        RawAlpaca.Reply r = raw.delete("/v2/orders/" + stop);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.obj().get("code").getAsInt()).isEqualTo(42210000);
        assertThat(r.obj().get("message").getAsString()).isEqualTo("order is not cancelable");
        assertThat(status(stop)).isEqualTo("filled");
        assertThat(status(leg(parent, 0))).isEqualTo("canceled");
        assertThat(sim.position("main", "AAPL")).isEmpty();
        assertThat(sim.fills("main")).last().satisfies(f -> assertThat(f.price()).isEqualByComparingTo("181"));
    }
}
