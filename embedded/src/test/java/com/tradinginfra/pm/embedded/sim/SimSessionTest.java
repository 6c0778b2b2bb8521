package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the session changes: options market orders only while open; orders accepted outside it are submitted at the open. */
class SimSessionTest {
    static final Instant SATURDAY = Instant.parse("2026-11-28T15:00:00Z");
    static final Instant MONDAY_OPEN = Instant.parse("2026-11-30T14:30:00Z");
    static final String OCC = "AAPL261218C00200000";

    @RegisterExtension
    final SimulatorFixture market = new SimulatorFixture(SATURDAY).price("AAPL", "190").price(OCC, "4.10");
    final AlpacaSimulator sim = market.sim;
    final RawAlpaca raw = market.raw;

    @Test
    void optionsMarketOrdersAreOnlyAllowedDuringMarketHours() {
        RawAlpaca.Reply r = raw.post("/v2/orders", "{\"symbol\":\"" + OCC + "\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"day\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.obj().get("code").getAsInt()).isEqualTo(42210000);
        assertThat(r.obj().get("message").getAsString()).isEqualTo("options market orders are only allowed during market hours");
        sim.advanceTo(MONDAY_OPEN.plusSeconds(60));
        assertThat(raw.post("/v2/orders", "{\"symbol\":\"" + OCC + "\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"day\"}").status()).isEqualTo(200);
    }

    @Test
    void anOrderAcceptedOutsideTheSessionIsSubmittedAtTheOpen() {
        JsonObject accepted = raw.order("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"150\","
                + "\"time_in_force\":\"gtc\"}");
        String id = accepted.get("id").getAsString();
        assertThat(accepted.get("status").getAsString()).isEqualTo("accepted");
        assertThat(Instant.parse(accepted.get("created_at").getAsString())).isEqualTo(SATURDAY);

        sim.advanceTo(MONDAY_OPEN.plusSeconds(60));
        JsonObject routed = raw.get("/v2/orders/" + id).obj();
        assertThat(routed.get("status").getAsString()).isEqualTo("new");
        assertThat(Instant.parse(routed.get("created_at").getAsString())).isEqualTo(SATURDAY);
        assertThat(Instant.parse(routed.get("submitted_at").getAsString())).isEqualTo(MONDAY_OPEN);
        AlpacaSimulator.Order view = sim.order("main", id).orElseThrow();
        assertThat(view.createdAt()).isEqualTo(SATURDAY);
        assertThat(view.submittedAt()).isEqualTo(MONDAY_OPEN);

        // during the session both are the moment the order arrived
        JsonObject now = raw.order("{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"151\","
                + "\"time_in_force\":\"gtc\"}");
        assertThat(now.get("submitted_at").getAsString()).isEqualTo(now.get("created_at").getAsString());
    }
}
