package com.tradinginfra.pm.broker;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.MarketPrice;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.ProtectionRequest;
import net.jacobpeterson.alpaca.rest.AlpacaClient;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static com.tradinginfra.pm.broker.AlpacaJson.array;
import static com.tradinginfra.pm.broker.AlpacaJson.string;

/**
 * The {@link Broker} port on Alpaca, through {@code net.jacobpeterson:alpaca-java:9.2.0}: which
 * request each port method makes and how it pages. HTTP, the request budget and retries are
 * {@link AlpacaConnection}'s; what an error means is {@link AlpacaErrors}'; reading the JSON is
 * {@link AlpacaJson}'s.
 *
 * <p>Nothing here retries beyond one GET on a dead pooled connection: a lost response surfaces as
 * {@link BrokerFailure#UNAVAILABLE} and the caller (SQS redelivery plus the deterministic client
 * order id) decides. Trading-API requests go through a {@link TradingBudget}. Thread-safe.
 */
public final class AlpacaBroker implements Broker, AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** Alpaca's maximum page of orders. */
    static final int ORDER_PAGE = 500;
    /** Alpaca's maximum page of account activities. */
    static final int ACTIVITY_PAGE = 100;
    /** Alpaca's maximum number of option symbols in one snapshot request. */
    public static final int MAX_OPTION_SYMBOLS = 100;
    /** Guards against a server that keeps handing out page tokens. */
    private static final int MAX_PAGES = 1000;

    private final AlpacaConnection connection;
    private final AlpacaClient trading;
    private final StockFeed stockFeed;
    /** Null: no {@code feed} parameter, so Alpaca picks by the account's subscription (opra with one, else indicative). */
    private final OptionFeed optionFeed;
    private final Map<LocalDate, Optional<MarketSession>> sessions = new ConcurrentHashMap<>();

    /** Paper or live per the settings, 200 requests a minute, default timeouts (connect 3 s, read 10 s), default feeds. */
    public AlpacaBroker(AlpacaSettings settings) {
        this(builder(settings));
    }

    /** As {@link #AlpacaBroker(AlpacaSettings)} with another trading-request budget per minute. */
    public AlpacaBroker(AlpacaSettings settings, int requestsPerMinute) {
        this(builder(settings).requestsPerMinute(requestsPerMinute));
    }

    private AlpacaBroker(Builder b) {
        TradingBudget budget = b.budget != null ? b.budget : RequestBudget.perMinute(b.requestsPerMinute);
        this.connection = new AlpacaConnection(b.settings, b.connectTimeout, b.readTimeout, budget, b.clock, b.keys);
        this.trading = connection.trading();
        this.stockFeed = b.stockFeed;
        this.optionFeed = b.optionFeed;
    }

    /** A builder for the less common settings (timeouts, budget, clock, feeds). */
    public static Builder builder(AlpacaSettings settings) {
        return new Builder(settings);
    }

    /** Options of an {@link AlpacaBroker}. */
    public static final class Builder {
        private final AlpacaSettings settings;
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration readTimeout = Duration.ofSeconds(10);
        private int requestsPerMinute = RequestBudget.ALPACA_REQUESTS_PER_MINUTE;
        private TradingBudget budget;
        private Clock clock = Clock.systemUTC();
        private StockFeed stockFeed = StockFeed.IEX;
        private OptionFeed optionFeed;
        private AlpacaKeys.Source keys;

        private Builder(AlpacaSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** Connect timeout, 3 s by default. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Read (and write) timeout, 10 s by default. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Trading-API requests per rolling minute, 200 by default (waits at most 2 s). */
        public Builder requestsPerMinute(int perMinute) {
            this.requestsPerMinute = perMinute;
            this.budget = null;
            return this;
        }

        /**
         * A budget of one's own: the account-wide {@link AccountBudget} of the functions, or a
         * {@link RequestBudget} with a test time source or shared between adapters of one process.
         */
        public Builder budget(TradingBudget budget) {
            this.budget = Objects.requireNonNull(budget);
            return this;
        }

        /** Only used to turn an {@code X-RateLimit-Reset} epoch into a wait. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The stock data feed, {@link StockFeed#IEX} by default (every account has it). */
        public Builder stockFeed(StockFeed feed) {
            this.stockFeed = Objects.requireNonNull(feed);
            return this;
        }

        /**
         * The option data feed. Unset, no {@code feed} is sent and Alpaca picks by the account's
         * subscription: opra with one, else the delayed indicative feed. The functions always set it
         * ({@code ALPACA_OPTIONS_FEED}).
         */
        public Builder optionFeed(OptionFeed feed) {
            this.optionFeed = Objects.requireNonNull(feed);
            return this;
        }

        /** Keys read for each request (e.g. from a cached secret) instead of the settings' fixed ones. */
        public Builder keys(AlpacaKeys.Source source) {
            this.keys = Objects.requireNonNull(source);
            return this;
        }

        public AlpacaBroker build() {
            return new AlpacaBroker(this);
        }
    }

    /** HTTP requests sent so far (trading and data), for tests and benchmarks. */
    public long requestCount() {
        return connection.requestCount();
    }

    /** Trading-API requests sent so far (the ones that count against Alpaca's rate limit). */
    public long tradingRequestCount() {
        return connection.tradingRequestCount();
    }

    // ------------------------------------------------------------------ positions

    @Override
    public List<BrokerPosition> positions() {
        List<BrokerPosition> out = new ArrayList<>();
        for (JsonElement e : array(connection.get(trading, trading.urlBuilder().addPathSegment("positions").build()))) {
            out.add(AlpacaJson.position(e.getAsJsonObject()));
        }
        return out;
    }

    @Override
    public Optional<BrokerPosition> position(String symbol) {
        Objects.requireNonNull(symbol, "symbol");
        HttpUrl url = trading.urlBuilder().addPathSegment("positions").addPathSegment(symbol).build();
        return orEmptyOn404(() -> AlpacaJson.position(connection.get(trading, url).getAsJsonObject()));
    }

    // ------------------------------------------------------------------ orders

    @Override
    public List<BrokerOrder> openOrders() {
        return pagedOrders("open", List.of(), null);
    }

    @Override
    public List<BrokerOrder> closedOrders(Collection<String> symbols, Instant after) {
        Objects.requireNonNull(symbols, "symbols");
        if (symbols.isEmpty()) {
            return List.of();
        }
        return pagedOrders("closed", symbols, after);
    }

    /** {@code status=all}: Alpaca's {@code after} compares the submission time (exclusive), as for open and closed. */
    @Override
    public List<BrokerOrder> ordersSince(Collection<String> symbols, Instant after) {
        Objects.requireNonNull(symbols, "symbols");
        Objects.requireNonNull(after, "after");
        if (symbols.isEmpty()) {
            return List.of();
        }
        return pagedOrders("all", symbols, after);
    }

    /** Orders oldest first; Alpaca pages by submission time, so the next page starts after the last one seen. */
    private List<BrokerOrder> pagedOrders(String status, Collection<String> symbols, Instant after) {
        Map<String, BrokerOrder> byId = new LinkedHashMap<>();
        String cursor = after == null ? null : after.toString();
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpUrl.Builder url = trading.urlBuilder().addPathSegment("orders")
                    .addQueryParameter("status", status)
                    .addQueryParameter("nested", "true")
                    .addQueryParameter("limit", String.valueOf(ORDER_PAGE))
                    .addQueryParameter("direction", "asc");
            if (!symbols.isEmpty()) {
                url.addQueryParameter("symbols", String.join(",", new LinkedHashSet<>(symbols)));
            }
            if (cursor != null) {
                url.addQueryParameter("after", cursor);
            }
            JsonArray orders = array(connection.get(trading, url.build()));
            String last = null;
            for (JsonElement e : orders) {
                JsonObject o = e.getAsJsonObject();
                BrokerOrder order = AlpacaJson.order(o);
                byId.putIfAbsent(order.id(), order);
                last = AlpacaJson.submittedAt(o);
            }
            if (orders.size() < ORDER_PAGE || last == null || last.equals(cursor)) {
                break;
            }
            cursor = last;
        }
        return new ArrayList<>(byId.values());
    }

    @Override
    public Optional<BrokerOrder> orderByClientId(String clientOrderId) {
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        HttpUrl url = trading.urlBuilder().addPathSegment("orders:by_client_order_id")
                .addQueryParameter("client_order_id", clientOrderId).build();
        return orEmptyOn404(() -> AlpacaJson.order(connection.get(trading, url).getAsJsonObject()));
    }

    @Override
    public Optional<BrokerOrder> order(String orderId) {
        Objects.requireNonNull(orderId, "orderId");
        HttpUrl url = trading.urlBuilder().addPathSegment("orders").addPathSegment(orderId)
                .addQueryParameter("nested", "true").build();
        return orEmptyOn404(() -> AlpacaJson.order(connection.get(trading, url).getAsJsonObject()));
    }

    /** A GET of one resource: any 404 means "none" whatever its code and message say. */
    private static <T> Optional<T> orEmptyOn404(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (BrokerException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public BrokerOrder submit(OrderRequest request) {
        Objects.requireNonNull(request, "request");
        JsonObject body = new JsonObject();
        body.addProperty("symbol", request.symbol());
        body.addProperty("qty", request.quantity().stripTrailingZeros().toPlainString());
        body.addProperty("side", request.side().wire());
        body.addProperty("type", "market");
        body.addProperty("time_in_force", "day");
        body.addProperty("client_order_id", request.clientOrderId());
        Request http = trading.requestBuilder(trading.urlBuilder().addPathSegment("orders").build())
                .post(RequestBody.create(body.toString(), JSON)).build();
        return AlpacaJson.order(connection.send(trading, http).json().getAsJsonObject());
    }

    /**
     * {@code order_class: oco}, {@code type: limit}, the target as {@code take_profit.limit_price} and
     * the stop as {@code stop_loss.stop_price} (Alpaca's "OCO & OTO orders" announcement and its orders
     * documentation); {@code gtc}, so the protection outlives the session as the bracket legs did.
     */
    @Override
    public BrokerOrder protect(ProtectionRequest request) {
        Objects.requireNonNull(request, "request");
        JsonObject body = new JsonObject();
        body.addProperty("symbol", request.symbol());
        body.addProperty("qty", request.quantity().stripTrailingZeros().toPlainString());
        body.addProperty("side", request.side().wire());
        body.addProperty("type", "limit");
        body.addProperty("time_in_force", "gtc");
        body.addProperty("order_class", "oco");
        JsonObject takeProfit = new JsonObject();
        takeProfit.addProperty("limit_price", request.takeProfit().stripTrailingZeros().toPlainString());
        body.add("take_profit", takeProfit);
        JsonObject stopLoss = new JsonObject();
        stopLoss.addProperty("stop_price", request.stopLoss().stripTrailingZeros().toPlainString());
        body.add("stop_loss", stopLoss);
        body.addProperty("client_order_id", request.clientOrderId());
        Request http = trading.requestBuilder(trading.urlBuilder().addPathSegment("orders").build())
                .post(RequestBody.create(body.toString(), JSON)).build();
        return AlpacaJson.order(connection.send(trading, http).json().getAsJsonObject());
    }

    @Override
    public boolean cancel(String orderId) {
        Objects.requireNonNull(orderId, "orderId");
        Request http = trading.requestBuilder(trading.urlBuilder().addPathSegment("orders").addPathSegment(orderId).build())
                .delete().build();
        try {
            connection.send(trading, http);
            return true;
        } catch (BrokerException e) {
            if (e.failure() == BrokerFailure.NOT_CANCELABLE || e.httpStatus() == 404) {
                return false;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ fills

    @Override
    public List<BrokerFill> fills(Instant after, Instant until) {
        Objects.requireNonNull(after, "after");
        List<BrokerFill> out = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        String pageToken = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpUrl.Builder url = trading.urlBuilder().addPathSegments("account/activities/FILL")
                    .addQueryParameter("after", after.toString())
                    .addQueryParameter("direction", "asc")
                    .addQueryParameter("page_size", String.valueOf(ACTIVITY_PAGE));
            if (until != null) {
                url.addQueryParameter("until", until.toString());
            }
            if (pageToken != null) {
                url.addQueryParameter("page_token", pageToken);
            }
            JsonArray items = array(connection.get(trading, url.build()));
            for (JsonElement e : items) {
                JsonObject o = e.getAsJsonObject();
                String id = string(o, "id");
                pageToken = id;
                if (id == null || !seen.add(id) || !AlpacaJson.isFill(o)) {
                    continue;
                }
                BrokerFill fill = AlpacaJson.fill(o);
                // The port promises after < t <= until, whatever the server's bounds are.
                if (fill.transactionTime().isAfter(after) && (until == null || !fill.transactionTime().isAfter(until))) {
                    out.add(fill);
                }
            }
            if (items.size() < ACTIVITY_PAGE) {
                break;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ prices

    @Override
    public Map<String, MarketPrice> stockMarketPrices(Collection<String> symbols) {
        Objects.requireNonNull(symbols, "symbols");
        Map<String, MarketPrice> out = new LinkedHashMap<>();
        if (symbols.isEmpty()) {
            return out;
        }
        AlpacaClient data = connection.stockData();
        HttpUrl url = data.urlBuilder().addPathSegments("stocks/snapshots")
                .addQueryParameter("symbols", String.join(",", new LinkedHashSet<>(symbols)))
                .addQueryParameter("feed", stockFeed.wire()).build();
        JsonElement body = connection.get(data, url);
        if (body.isJsonObject()) {
            snapshotsInto(body.getAsJsonObject(), out);
        }
        return out;
    }

    @Override
    public Map<String, MarketPrice> optionMarketPrices(Collection<String> occSymbols) {
        Objects.requireNonNull(occSymbols, "occSymbols");
        LinkedHashSet<String> unique = new LinkedHashSet<>(occSymbols);
        if (unique.size() > MAX_OPTION_SYMBOLS) {
            throw new IllegalArgumentException("at most " + MAX_OPTION_SYMBOLS + " option symbols per request, got " + unique.size());
        }
        Map<String, MarketPrice> out = new LinkedHashMap<>();
        if (unique.isEmpty()) {
            return out;
        }
        AlpacaClient data = connection.optionData();
        String pageToken = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpUrl.Builder url = data.urlBuilder().addPathSegments("options/snapshots")
                    .addQueryParameter("symbols", String.join(",", unique));
            if (optionFeed != null) {
                url.addQueryParameter("feed", optionFeed.wire());
            }
            if (pageToken != null) {
                url.addQueryParameter("page_token", pageToken);
            }
            JsonElement body = connection.get(data, url.build());
            if (!body.isJsonObject()) {
                break;
            }
            JsonObject snapshots = AlpacaJson.object(body.getAsJsonObject(), "snapshots");
            if (snapshots != null) {
                snapshotsInto(snapshots, out);
            }
            String next = string(body.getAsJsonObject(), "next_page_token");
            if (next == null || next.isEmpty() || next.equals(pageToken)) {
                break;
            }
            pageToken = next;
        }
        return out;
    }

    /** Symbol → snapshot; a symbol Alpaca does not know comes as {@code null} (or not at all) and is left out. */
    private static void snapshotsInto(JsonObject bySymbol, Map<String, MarketPrice> out) {
        for (Map.Entry<String, JsonElement> e : bySymbol.entrySet()) {
            if (e.getValue().isJsonObject()) {
                MarketPrice price = AlpacaJson.marketPrice(e.getValue().getAsJsonObject());
                if (price != null) {
                    out.put(e.getKey(), price);
                }
            }
        }
    }

    // ------------------------------------------------------------------ calendar

    @Override
    public Optional<MarketSession> session(LocalDate date) {
        Objects.requireNonNull(date, "date");
        Optional<MarketSession> cached = sessions.get(date);
        if (cached != null) {
            return cached;
        }
        HttpUrl url = trading.urlBuilder().addPathSegment("calendar")
                .addQueryParameter("start", date.toString()).addQueryParameter("end", date.toString()).build();
        Optional<MarketSession> found = Optional.empty();
        for (JsonElement e : array(connection.get(trading, url))) {
            JsonObject day = e.getAsJsonObject();
            if (date.toString().equals(string(day, "date"))) {
                found = Optional.of(AlpacaJson.session(date, day));
            }
        }
        // A calendar day does not change: cache it (one container lives for hours).
        sessions.put(date, found);
        return found;
    }

    /** Releases the HTTP connections and threads. */
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "AlpacaBroker[budget=" + connection.budget() + ", feeds=" + stockFeed.wire() + "/"
                + (optionFeed == null ? "by subscription" : optionFeed.wire()) + "]";
    }
}
