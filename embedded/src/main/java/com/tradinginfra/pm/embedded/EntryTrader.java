package com.tradinginfra.pm.embedded;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.tradinginfra.pm.broker.AlpacaSettings;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Plays the upstream dispatcher: opens positions at the broker (plain HTTP, as another service
 * would, independent of the code under test) and then writes the {@code dispatch_executions} row.
 */
public final class EntryTrader {
    private final AlpacaSettings broker;
    private final ExecutionRowWriter table;
    private final String account;
    private final Supplier<UUID> executionIds;
    private final HttpClient http = HttpClient.newHttpClient();

    public EntryTrader(AlpacaSettings broker, ExecutionRowWriter table, String account) {
        this(broker, table, account, UUID::randomUUID);
    }

    /** With {@code executionIds} naming the executions it writes (the demo derives them from its seed). */
    public EntryTrader(AlpacaSettings broker, ExecutionRowWriter table, String account, Supplier<UUID> executionIds) {
        this.broker = broker;
        this.table = table;
        this.account = account;
        this.executionIds = executionIds;
    }

    /** What the dispatcher did: the execution row it wrote and the broker's order. */
    public record Opened(UUID executionId, String orderId, String stopOrderId, String targetOrderId, BigDecimal fillPrice,
                         String status) {
    }

    /**
     * One entry the dispatcher makes.
     *
     * @param symbol          what is ordered: the ticker, or the OCC symbol of an option
     * @param underlying      the execution's ticker
     * @param instrumentType  {@code STOCK}, {@code CALL} or {@code PUT}
     * @param side            {@code buy} (long) or {@code sell} (short)
     * @param qty             shares or contracts
     * @param stop            the execution's stop_loss
     * @param target          the execution's take_profit
     * @param strategy        e.g. {@code day_trade}
     * @param bracket         stocks only: a bracket order whose legs protect the position at the broker
     * @param maxHoldMinutes  the execution's max_hold_minutes, or null
     * @param expiry          options: the expiration date
     */
    public record Entry(String symbol, String underlying, String instrumentType, String side, int qty, BigDecimal stop,
                        BigDecimal target, String strategy, boolean bracket, Integer maxHoldMinutes, LocalDate expiry) {
    }

    /** Opens an entry with a market order (a bracket when asked) and records the execution. */
    public Opened open(Entry e, Instant at) {
        JsonObject order = marketOrder(e.symbol(), e.qty(), e.side(), e.bracket() ? "gtc" : "day");
        if (e.bracket()) {
            withBracket(order, e.stop(), e.target());
        }
        JsonObject placed = filled(post(order));
        Legs legs = Legs.of(placed);
        String stopLeg = legs.stop();
        String targetLeg = legs.target();
        BigDecimal price = placed.get("filled_avg_price").getAsBigDecimal();
        ExecutionRowWriter.Row row = ExecutionRowWriter.execution().account(account).ticker(e.underlying()).side(e.side()).qty(String.valueOf(e.qty()))
                .entry(price.toPlainString()).strategy(e.strategy()).maxHold(e.maxHoldMinutes())
                .orders(placed.get("id").getAsString(), stopLeg, targetLeg).at(at);
        if (!"STOCK".equals(e.instrumentType())) {
            row.option(e.instrumentType(), e.symbol()).expiration(e.expiry());
        }
        row.stopLoss = e.stop();
        row.takeProfit = e.target();
        row.executionId = executionIds.get();
        UUID id = table.insert(row);
        return new Opened(id, placed.get("id").getAsString(), stopLeg, targetLeg, price, placed.get("status").getAsString());
    }

    /**
     * Opens a stock position with a market order, optionally as a bracket, and records the execution.
     *
     * @param side {@code buy} (long) or {@code sell} (short)
     */
    public Opened stock(String ticker, String side, int qty, BigDecimal stop, BigDecimal target, String strategy,
                        boolean bracket, Instant at) {
        return open(new Entry(ticker, ticker, "STOCK", side, qty, stop, target, strategy, bracket, null, null), at);
    }

    /**
     * Buys a stock whose market order the broker fills only in part at first (the simulator's
     * {@code partialFillNext}); the execution is written as PARTIALLY_FILLED with what filled.
     */
    public Opened stockPartial(String ticker, int qty, BigDecimal stop, BigDecimal target, Instant at) {
        JsonObject placed = get("/v2/orders/" + post(marketOrder(ticker, qty, "buy", "day")).get("id").getAsString() + "?nested=true");
        return recordPartial(placed, ticker, qty, stop, target, at);
    }

    /**
     * Buys a stock with a bracket whose entry the broker fills only in part at first (the simulator's
     * {@code partialFillNext}): its legs stay {@code held} (Alpaca activates them only once the entry
     * has filled completely); the execution is written as PARTIALLY_FILLED with what filled and the legs' ids.
     */
    public Opened bracketPartial(String ticker, int qty, BigDecimal stop, BigDecimal target, Instant at) {
        JsonObject order = withBracket(marketOrder(ticker, qty, "buy", "gtc"), stop, target);
        JsonObject placed = get("/v2/orders/" + post(order).get("id").getAsString() + "?nested=true");
        return recordPartial(placed, ticker, qty, stop, target, at);
    }

    /** A market order made a bracket: Alpaca's {@code order_class}, {@code take_profit.limit_price}, {@code stop_loss.stop_price}. */
    private static JsonObject withBracket(JsonObject order, BigDecimal stop, BigDecimal target) {
        order.addProperty("order_class", "bracket");
        JsonObject tp = new JsonObject();
        tp.addProperty("limit_price", target.toPlainString());
        order.add("take_profit", tp);
        JsonObject sl = new JsonObject();
        sl.addProperty("stop_price", stop.toPlainString());
        order.add("stop_loss", sl);
        return order;
    }

    /** The ids of a placed order's nested legs (none without {@code legs}). */
    private record Legs(String stop, String target) {
        static Legs of(JsonObject placed) {
            String stop = null;
            String target = null;
            JsonElement legs = placed.get("legs");
            if (legs != null && legs.isJsonArray()) {
                for (JsonElement leg : (JsonArray) legs) {
                    JsonObject l = leg.getAsJsonObject();
                    if (l.get("type").getAsString().startsWith("stop")) {
                        stop = l.get("id").getAsString();
                    } else {
                        target = l.get("id").getAsString();
                    }
                }
            }
            return new Legs(stop, target);
        }
    }

    /** Records a buy the broker filled only in part as a PARTIALLY_FILLED execution, with its legs' ids if any. */
    private Opened recordPartial(JsonObject placed, String ticker, int qty, BigDecimal stop, BigDecimal target, Instant at) {
        Legs legs = Legs.of(placed);
        BigDecimal filled = placed.get("filled_qty").getAsBigDecimal();
        BigDecimal price = placed.get("filled_avg_price").getAsBigDecimal();
        ExecutionRowWriter.Row row = ExecutionRowWriter.execution().account(account).ticker(ticker).side("buy").qty(String.valueOf(qty))
                .filledQty(filled.toPlainString()).status("PARTIALLY_FILLED").entry(price.toPlainString())
                .orders(placed.get("id").getAsString(), legs.stop(), legs.target()).at(at);
        row.stopLoss = stop;
        row.takeProfit = target;
        row.executionId = executionIds.get();
        UUID id = table.insert(row);
        return new Opened(id, placed.get("id").getAsString(), legs.stop(), legs.target(), price, placed.get("status").getAsString());
    }

    /** Buys an option contract (options take no brackets) and records the execution. */
    public Opened option(String underlying, String occ, String type, int contracts, BigDecimal stop, BigDecimal target,
                         String strategy, LocalDate expiry, Instant at) {
        return open(new Entry(occ, underlying, type, "buy", contracts, stop, target, strategy, false, null, expiry), at);
    }

    /** Cancels an order at the broker (DELETE /v2/orders/{id}); false when it was not cancelable. */
    public boolean cancel(String orderId) {
        try {
            return http.send(base("/v2/orders/" + orderId).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode() / 100 == 2;
        } catch (IOException e) {
            throw new IllegalStateException("broker unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject marketOrder(String symbol, int qty, String side, String timeInForce) {
        JsonObject order = new JsonObject();
        order.addProperty("symbol", symbol);
        order.addProperty("qty", String.valueOf(qty));
        order.addProperty("side", side);
        order.addProperty("type", "market");
        order.addProperty("time_in_force", timeInForce);
        return order;
    }

    private JsonObject filled(JsonObject placed) {
        String id = placed.get("id").getAsString();
        JsonObject current = get("/v2/orders/" + id + "?nested=true");
        if (!"filled".equals(current.get("status").getAsString())) {
            throw new IllegalStateException("entry order " + id + " did not fill at once: " + current.get("status"));
        }
        return current;
    }

    private JsonObject post(JsonObject body) {
        HttpRequest request = base("/v2/orders").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json").build();
        return send(request);
    }

    private JsonObject get(String path) {
        return send(base(path).GET().build());
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
