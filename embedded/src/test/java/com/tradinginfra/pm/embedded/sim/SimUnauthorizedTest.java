package com.tradinginfra.pm.embedded.sim;

import com.tradinginfra.pm.broker.AlpacaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad, revoked and rotated keys are refused (401 trading, 403 market data); keys can come back. */
class SimUnauthorizedTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    final SimulatorFixture market = new SimulatorFixture(AlpacaSimulatorTest.OPEN_MONDAY).price("AAPL", "190");
    final AlpacaSimulator sim = market.sim;

    private HttpResponse<String> get(String path, AlpacaSimulator.Account keys) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("APCA-API-KEY-ID", keys.keyId()).header("APCA-API-SECRET-KEY", keys.secretKey()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badKeysOnTheTradingApiAnswer401WithoutCodeAndTheDataApi403() throws Exception {
        AlpacaSimulator.Account good = sim.account("main");
        AlpacaSimulator.Account bad = new AlpacaSimulator.Account("main", good.keyId(), "bad");
        HttpResponse<String> trading = get("/v2/orders", bad);
        assertThat(trading.statusCode()).isEqualTo(401);
        assertThat(trading.body()).isEqualTo("{\"message\":\"unauthorized\"}");
        HttpResponse<String> data = get("/v2/stocks/snapshots?symbols=AAPL", bad);
        assertThat(data.statusCode()).isEqualTo(403);
        assertThat(data.body()).isEqualTo("{\"message\":\"forbidden.\"}");
        assertThat(get("/v2/stocks/snapshots?symbols=AAPL", good).statusCode()).isEqualTo(200);
        assertThat(get("/v2/orders", good).statusCode()).isEqualTo(200);
    }

    @Test
    void revokedKeysAreRefusedUntilRestored() throws Exception {
        AlpacaSimulator.Account keys = sim.account("main");
        assertThat(get("/v2/positions", keys).statusCode()).isEqualTo(200);
        sim.revokeKeys("main");
        HttpResponse<String> trading = get("/v2/positions", keys);
        assertThat(trading.statusCode()).isEqualTo(401);
        assertThat(trading.body()).isEqualTo("{\"message\":\"unauthorized\"}");
        assertThat(get("/v1beta1/options/snapshots?symbols=AAPL261218C00200000", keys).statusCode()).isEqualTo(403);
        assertThat(sim.requests()).extracting(AlpacaSimulator.Request::account).containsExactly("main", null, null);
        sim.restoreKeys("main");
        assertThat(get("/v2/positions", keys).statusCode()).isEqualTo(200);
    }

    @Test
    void rotatedKeysReplaceTheOldOnes() throws Exception {
        AlpacaSimulator.Account old = sim.account("main");
        AlpacaSimulator.Account rotated = sim.rotateKeys("main");
        assertThat(rotated.keyId()).isNotEqualTo(old.keyId());
        assertThat(get("/v2/account", old).statusCode()).isEqualTo(401);
        assertThat(get("/v2/account", rotated).statusCode()).isEqualTo(200);
        AlpacaSettings settings = sim.settings("main");
        assertThat(settings.keyId()).isEqualTo(rotated.keyId());
    }
}
