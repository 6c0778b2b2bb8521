package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alpaca reuses 422 {@code 40010001} for unrelated validation refusals; only "client_order_id must be
 * unique" is a duplicate (bodies recorded in alpaca-trade-api-python tests/test_rest.py).
 */
class SimValidationCodesTest {
    static final String OCC = "AAPL261218C00200000";

    @RegisterExtension
    final SimulatorFixture market = new SimulatorFixture(AlpacaSimulatorTest.OPEN_MONDAY).price("AAPL", "190").price(OCC, "4.10");
    final AlpacaSimulator sim = market.sim;
    final RawAlpaca raw = market.raw;

    private static void assertRefusal(RawAlpaca.Reply r, int code, String message) {
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.obj().keySet()).containsExactlyInAnyOrder("code", "message");
        assertThat(r.obj().get("code").getAsInt()).isEqualTo(code);
        assertThat(r.obj().get("message").getAsString()).isEqualTo(message);
    }

    @Test
    void missingQuantityIsTheGenericValidationCode() {
        assertRefusal(raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}"),
                40010001, "qty or notional is required");
    }

    @Test
    void qtyAndNotionalTogetherAreRefused() {
        assertRefusal(raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"notional\":\"100\",\"side\":\"buy\","
                + "\"type\":\"market\",\"time_in_force\":\"day\"}"), 40010001, "only one of qty or notional is accepted");
    }

    @Test
    void fractionalQuantityOnAnOptionOrALimitIsNotAnInteger() {
        assertRefusal(raw.post("/v2/orders", "{\"symbol\":\"" + OCC + "\",\"qty\":\"1.5\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"day\"}"), 40010001, "qty must be integer");
        assertRefusal(raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"0.5\",\"side\":\"buy\",\"type\":\"limit\","
                + "\"limit_price\":\"150\",\"time_in_force\":\"gtc\"}"), 40010001, "qty must be integer");
        // a fractional simple market day order is fine
        assertThat(raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"0.5\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"day\"}").status()).isEqualTo(200);
        assertThat(sim.orders("main")).hasSize(1);
    }

    @Test
    void aReusedClientOrderIdIsTheDuplicate() {
        JsonObject first = raw.order("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\","
                + "\"limit_price\":\"150\",\"time_in_force\":\"gtc\",\"client_order_id\":\"lot-1\"}");
        raw.delete("/v2/orders/" + first.get("id").getAsString());
        sim.advanceBy(java.time.Duration.ofSeconds(1));
        // even after a cancel (ALPACA.md)
        assertRefusal(raw.post("/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"day\",\"client_order_id\":\"lot-1\"}"), 40010001, "client_order_id must be unique");
        assertThat(sim.orders("main")).hasSize(1);
        assertThat(sim.position("main", "AAPL").map(AlpacaSimulator.Position::qty)).isEmpty();
        assertThat(sim.price("AAPL")).contains(new BigDecimal("190"));
    }
}
