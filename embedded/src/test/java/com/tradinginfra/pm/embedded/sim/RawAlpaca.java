package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP against the simulator, for orders the adapter never sends (brackets, limits, OCO). */
final class RawAlpaca {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    record Reply(int status, JsonElement json, HttpResponse<String> response) {
        JsonObject obj() {
            return json.getAsJsonObject();
        }
    }

    private final AlpacaSimulator sim;
    private final AlpacaSimulator.Account account;

    RawAlpaca(AlpacaSimulator sim, String account) {
        this.sim = sim;
        this.account = sim.account(account);
    }

    Reply get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery)).GET());
    }

    Reply delete(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery)).DELETE());
    }

    Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** POST /v2/orders, expecting 200. */
    JsonObject order(String json) {
        Reply r = post("/v2/orders", json);
        if (r.status() != 200) {
            throw new AssertionError("order rejected: " + r.status() + " " + r.json());
        }
        return r.obj();
    }

    private Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> resp = HTTP.send(b.header("APCA-API-KEY-ID", account.keyId())
                    .header("APCA-API-SECRET-KEY", account.secretKey()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonElement json = resp.body().isEmpty() ? null : JsonParser.parseString(resp.body());
            return new Reply(resp.statusCode(), json, resp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
