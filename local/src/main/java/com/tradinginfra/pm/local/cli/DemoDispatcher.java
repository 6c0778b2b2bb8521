package com.tradinginfra.pm.local.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.tradinginfra.pm.broker.AlpacaSettings;
import com.tradinginfra.pm.embedded.Dispatcher;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The demo's upstream dispatcher: opens positions at the broker over plain HTTP (as another service
 * would), then writes the {@code dispatch_executions} row with every field the scenario needs
 * (options, brackets, {@code max_hold_minutes}).
 */
final class DemoDispatcher {
    private final AlpacaSettings broker;
    private final Dispatcher table;
    private final String account;
    private final HttpClient http = HttpClient.newHttpClient();

    DemoDispatcher(AlpacaSettings broker, Dispatcher table, String account) {
        this.broker = broker;
        this.table = table;
        this.account = account;
    }

    /** What was opened. */
    record Opened(UUID executionId, String orderId, List<String> legIds, BigDecimal fillPrice, BigDecimal stop, BigDecimal target) {
    }

    /** Opens {@code plan} at the current price {@code price} (the market order fills at it). */
    Opened open(DemoScenario.LotPlan plan, BigDecimal price, Instant at) {
        boolean isLong = plan.side().equals("buy");
        BigDecimal stop = away(price, plan.stopPct(), !isLong);
        BigDecimal target = away(price, plan.targetPct(), isLong);
        JsonObject order = new JsonObject();
        order.addProperty("symbol", plan.symbol());
        order.addProperty("qty", String.valueOf(plan.qty()));
        order.addProperty("side", plan.side());
        order.addProperty("type", "market");
        order.addProperty("time_in_force", plan.bracket() ? "gtc" : "day");
        if (plan.bracket()) {
            order.addProperty("order_class", "bracket");
            JsonObject tp = new JsonObject();
            tp.addProperty("limit_price", target.toPlainString());
            order.add("take_profit", tp);
            JsonObject sl = new JsonObject();
            sl.addProperty("stop_price", stop.toPlainString());
            order.add("stop_loss", sl);
        }
        JsonObject placed = send(base("/v2/orders").POST(HttpRequest.BodyPublishers.ofString(order.toString()))
                .header("Content-Type", "application/json").build());
        String id = placed.get("id").getAsString();
        JsonObject filled = send(base("/v2/orders/" + id + "?nested=true").GET().build());
        if (!"filled".equals(filled.get("status").getAsString())) {
            throw new IllegalStateException("entry order for " + plan.symbol() + " did not fill at once: " + filled.get("status"));
        }
        BigDecimal fill = filled.get("filled_avg_price").getAsBigDecimal();
        String stopLeg = null;
        String targetLeg = null;
        List<String> legIds = new ArrayList<>();
        JsonElement legs = filled.get("legs");
        if (legs != null && legs.isJsonArray()) {
            for (JsonElement leg : (JsonArray) legs) {
                JsonObject l = leg.getAsJsonObject();
                legIds.add(l.get("id").getAsString());
                if (l.get("type").getAsString().startsWith("stop")) {
                    stopLeg = l.get("id").getAsString();
                } else {
                    targetLeg = l.get("id").getAsString();
                }
            }
        }
        Dispatcher.Row row = Dispatcher.execution().account(account).ticker(plan.underlying()).side(plan.side())
                .qty(String.valueOf(plan.qty())).entry(fill.toPlainString()).strategy(plan.strategy())
                .maxHold(plan.maxHoldMinutes()).orders(id, stopLeg, targetLeg).at(at);
        if (plan.isOption()) {
            row.option(plan.type(), plan.symbol()).expiration(plan.expiry());
        }
        row.stopLoss = stop;
        row.takeProfit = target;
        UUID executionId = table.insert(row);
        return new Opened(executionId, id, legIds, fill, stop, target);
    }

    /** Cancels an order at the broker (DELETE /v2/orders/{id}); false when it was not cancelable. */
    boolean cancel(String orderId) {
        HttpRequest request = base("/v2/orders/" + orderId).DELETE().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2;
        } catch (IOException e) {
            throw new IllegalStateException("broker unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static BigDecimal away(BigDecimal price, double pct, boolean up) {
        BigDecimal factor = BigDecimal.ONE.add(BigDecimal.valueOf(up ? pct : -pct).movePointLeft(2));
        return price.multiply(factor).setScale(2, RoundingMode.HALF_EVEN);
    }

    private HttpRequest.Builder base(String path) {
        return HttpRequest.newBuilder(URI.create(broker.tradingUrl() + path))
                .header("APCA-API-KEY-ID", broker.keyId()).header("APCA-API-SECRET-KEY", broker.secretKey());
    }

    private JsonObject send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("broker answered " + response.statusCode() + ": " + response.body());
            }
            return JsonParser.parseString(response.body()).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException("broker unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
