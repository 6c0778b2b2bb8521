package com.tradinginfra.pm.broker;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.OrderSide;
import net.jacobpeterson.alpaca.AlpacaAPI;
import net.jacobpeterson.alpaca.model.properties.DataAPIType;
import net.jacobpeterson.alpaca.model.properties.EndpointAPIType;
import net.jacobpeterson.alpaca.rest.AlpacaClient;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Broker} port on Alpaca, through {@code net.jacobpeterson:alpaca-java:9.2.0}.
 *
 * <p>The library supplies the authenticated clients ({@link AlpacaClient#urlBuilder()},
 * {@link AlpacaClient#requestBuilder(HttpUrl)}, {@link AlpacaClient#executeRequest(Request)}); the
 * responses are read as raw JSON because the library's models hold money as {@code Double} and
 * read {@code order_class: ""} and the fill side {@code sell_short} as null. Reading the raw
 * response (rather than {@code requestJSON}) also keeps the HTTP status and the rate-limit headers,
 * which {@code AlpacaClientException} drops.
 *
 * <p>The library's base URLs are fixed, so an OkHttp interceptor rewrites the scheme, host and
 * port of every request to {@link AlpacaSettings#tradingUrl()} or {@link AlpacaSettings#dataUrl()}
 * (the simulator on loopback in tests).
 *
 * <p>Nothing here retries: OkHttp's silent retry on connection failure is switched off too, so a
 * lost response surfaces as {@link BrokerFailure#UNAVAILABLE} and the caller (SQS redelivery plus
 * the deterministic client order id) decides. Trading-API requests go through a
 * {@link RequestBudget}. Thread-safe.
 */
public final class AlpacaBroker implements Broker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlpacaBroker.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** Alpaca's maximum page of orders. */
    static final int ORDER_PAGE = 500;
    /** Alpaca's maximum page of account activities. */
    static final int ACTIVITY_PAGE = 100;
    /** Alpaca's maximum number of option symbols in one snapshot request. */
    public static final int MAX_OPTION_SYMBOLS = 100;
    /** Guards against a server that keeps handing out page tokens. */
    private static final int MAX_PAGES = 1000;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private final OkHttpClient http;
    private final AlpacaClient trading;
    private final AlpacaClient stockData;
    private final AlpacaClient optionData;
    private final RequestBudget budget;
    private final Clock clock;
    private final String stockFeed;
    private final Map<LocalDate, Optional<MarketSession>> sessions = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tradingRequests = new AtomicLong();

    /** Paper or live per the settings, 200 requests a minute, default timeouts (connect 3 s, read 10 s). */
    public AlpacaBroker(AlpacaSettings settings) {
        this(builder(settings));
    }

    /** As {@link #AlpacaBroker(AlpacaSettings)} with another trading-request budget per minute. */
    public AlpacaBroker(AlpacaSettings settings, int requestsPerMinute) {
        this(builder(settings).requestsPerMinute(requestsPerMinute));
    }

    private AlpacaBroker(Builder b) {
        AlpacaSettings settings = b.settings;
        HttpUrl tradingTarget = HttpUrl.get(settings.tradingUrl());
        HttpUrl dataTarget = HttpUrl.get(settings.dataUrl());
        OkHttpClient.Builder client = new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                // No silent re-send of a POST whose response was lost: the caller decides.
                .retryOnConnectionFailure(false)
                // Idle connections die on the server side (and while Lambda freezes the container):
                // keep them only briefly; a GET that still meets a dead one is retried once below.
                .connectionPool(new okhttp3.ConnectionPool(5, 20, java.util.concurrent.TimeUnit.SECONDS))
                .addInterceptor(chain -> {
                    Request request = chain.request();
                    HttpUrl target = targetFor(request.url().host(), tradingTarget, dataTarget);
                    if (target == null) {
                        return chain.proceed(request);
                    }
                    HttpUrl rewritten = request.url().newBuilder()
                            .scheme(target.scheme()).host(target.host()).port(target.port()).build();
                    return chain.proceed(request.newBuilder().url(rewritten).build());
                });
        if (b.keys != null) {
            client.addInterceptor(new KeyHeaders(b.keys)); // keys per request: rotated ones without a new adapter
        }
        this.http = client.build();
        EndpointAPIType endpoint = settings.isLive() ? EndpointAPIType.LIVE : EndpointAPIType.PAPER;
        AlpacaAPI api = new AlpacaAPI(http, settings.keyId(), settings.secretKey(), null, endpoint, DataAPIType.IEX);
        this.trading = api.getBrokerClient();
        this.stockData = api.getStockDataClient();
        // 9.2.0 has no options data client: the same kind of client on the data host, version v1beta1.
        this.optionData = new AlpacaClient(http, settings.keyId(), settings.secretKey(), "data", "v1beta1");
        this.budget = b.budget != null ? b.budget : RequestBudget.perMinute(b.requestsPerMinute);
        this.clock = b.clock;
        this.stockFeed = b.stockFeed;
    }

    /** A builder for the less common settings (timeouts, budget, clock, feed). */
    public static Builder builder(AlpacaSettings settings) {
        return new Builder(settings);
    }

    /** Options of an {@link AlpacaBroker}. */
    public static final class Builder {
        private final AlpacaSettings settings;
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration readTimeout = Duration.ofSeconds(10);
        private int requestsPerMinute = RequestBudget.ALPACA_REQUESTS_PER_MINUTE;
        private RequestBudget budget;
        private Clock clock = Clock.systemUTC();
        private String stockFeed = "iex";
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

        /** A budget of one's own (e.g. with a test time source, or shared between adapters of one account). */
        public Builder budget(RequestBudget budget) {
            this.budget = Objects.requireNonNull(budget);
            return this;
        }

        /** Only used to turn an {@code X-RateLimit-Reset} epoch into a wait. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The stock data feed: {@code iex} (every account has it, the default) or {@code sip}; null sends none. */
        public Builder stockFeed(String feed) {
            this.stockFeed = feed;
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

    private static HttpUrl targetFor(String host, HttpUrl trading, HttpUrl data) {
        if (host.equals("paper-api.alpaca.markets") || host.equals("api.alpaca.markets")) {
            return trading;
        }
        if (host.equals("data.alpaca.markets")) {
            return data;
        }
        return null;
    }

    /** HTTP requests sent so far (trading and data), for tests and benchmarks. */
    public long requestCount() {
        return requests.get();
    }

    /** Trading-API requests sent so far (the ones that count against Alpaca's rate limit). */
    public long tradingRequestCount() {
        return tradingRequests.get();
    }

    // ------------------------------------------------------------------ positions

    @Override
    public List<BrokerPosition> positions() {
        JsonElement body = get(trading, trading.urlBuilder().addPathSegment("positions").build());
        List<BrokerPosition> out = new ArrayList<>();
        for (JsonElement e : array(body)) {
            out.add(position(e.getAsJsonObject()));
        }
        return out;
    }

    @Override
    public Optional<BrokerPosition> position(String symbol) {
        Objects.requireNonNull(symbol, "symbol");
        try {
            JsonElement body = get(trading, trading.urlBuilder().addPathSegment("positions").addPathSegment(symbol).build());
            return Optional.of(position(body.getAsJsonObject()));
        } catch (BrokerException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static BrokerPosition position(JsonObject o) {
        BigDecimal qty = decimal(o, "qty");
        if (qty == null) {
            throw malformed("position without qty");
        }
        // Alpaca sends qty signed ("-10") for shorts; trust "side" too in case a server does not.
        if ("short".equalsIgnoreCase(string(o, "side")) && qty.signum() > 0) {
            qty = qty.negate();
        }
        BigDecimal available = decimal(o, "qty_available");
        if (available == null) {
            available = qty;
        } else if (qty.signum() < 0 && available.signum() > 0) {
            available = available.negate();
        }
        return new BrokerPosition(string(o, "symbol"), "us_option".equalsIgnoreCase(string(o, "asset_class")),
                qty, available, decimal(o, "avg_entry_price"), decimal(o, "current_price"));
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
            JsonArray orders = array(get(trading, url.build()));
            String last = null;
            for (JsonElement e : orders) {
                JsonObject o = e.getAsJsonObject();
                BrokerOrder order = order(o);
                byId.putIfAbsent(order.id(), order);
                last = string(o, "submitted_at") != null ? string(o, "submitted_at") : string(o, "created_at");
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
        try {
            return Optional.of(order(get(trading, url).getAsJsonObject()));
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
        return order(call(trading, http).json().getAsJsonObject());
    }

    @Override
    public boolean cancel(String orderId) {
        Objects.requireNonNull(orderId, "orderId");
        Request http = trading.requestBuilder(trading.urlBuilder().addPathSegment("orders").addPathSegment(orderId).build())
                .delete().build();
        try {
            call(trading, http);
            return true;
        } catch (BrokerException e) {
            if (e.httpStatus() == 422 || e.httpStatus() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static BrokerOrder order(JsonObject o) {
        List<BrokerOrder> legs = new ArrayList<>();
        JsonElement rawLegs = o.get("legs");
        if (rawLegs != null && rawLegs.isJsonArray()) {
            for (JsonElement leg : rawLegs.getAsJsonArray()) {
                legs.add(order(leg.getAsJsonObject()));
            }
        }
        String orderClass = string(o, "order_class");
        String type = string(o, "type") != null ? string(o, "type") : string(o, "order_type");
        String side = string(o, "side");
        return new BrokerOrder(string(o, "id"), string(o, "client_order_id"), string(o, "symbol"),
                side == null ? null : OrderSide.fromWire(side), type,
                orderClass == null || orderClass.isEmpty() ? "simple" : orderClass,
                decimal(o, "qty"), decimal(o, "filled_qty"), decimal(o, "filled_avg_price"),
                string(o, "status"), instant(o, "filled_at"), legs);
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
            JsonArray items = array(get(trading, url.build()));
            for (JsonElement e : items) {
                JsonObject o = e.getAsJsonObject();
                String id = string(o, "id");
                pageToken = id;
                if (id == null || !seen.add(id)) {
                    continue;
                }
                BrokerFill fill = fill(o);
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

    private static BrokerFill fill(JsonObject o) {
        BigDecimal qty = decimal(o, "qty");
        BigDecimal price = decimal(o, "price");
        Instant time = instant(o, "transaction_time");
        if (qty == null || price == null || time == null || string(o, "side") == null) {
            throw malformed("FILL activity " + string(o, "id") + " lacks qty, price, side or transaction_time");
        }
        return new BrokerFill(string(o, "id"), string(o, "order_id"), string(o, "symbol"),
                OrderSide.fromWire(string(o, "side")), qty, price, time);
    }

    // ------------------------------------------------------------------ prices

    @Override
    public Map<String, BigDecimal> stockPrices(Collection<String> symbols) {
        Objects.requireNonNull(symbols, "symbols");
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        if (symbols.isEmpty()) {
            return out;
        }
        HttpUrl.Builder url = stockData.urlBuilder().addPathSegments("stocks/snapshots")
                .addQueryParameter("symbols", String.join(",", new LinkedHashSet<>(symbols)));
        if (stockFeed != null) {
            url.addQueryParameter("feed", stockFeed);
        }
        JsonElement body = get(stockData, url.build());
        if (body.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : body.getAsJsonObject().entrySet()) {
                if (e.getValue().isJsonObject()) {
                    BigDecimal price = snapshotPrice(e.getValue().getAsJsonObject());
                    if (price != null) {
                        out.put(e.getKey(), price);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, BigDecimal> optionPrices(Collection<String> occSymbols) {
        Objects.requireNonNull(occSymbols, "occSymbols");
        LinkedHashSet<String> unique = new LinkedHashSet<>(occSymbols);
        if (unique.size() > MAX_OPTION_SYMBOLS) {
            throw new IllegalArgumentException("at most " + MAX_OPTION_SYMBOLS + " option symbols per request, got " + unique.size());
        }
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        if (unique.isEmpty()) {
            return out;
        }
        String pageToken = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpUrl.Builder url = optionData.urlBuilder().addPathSegments("options/snapshots")
                    .addQueryParameter("symbols", String.join(",", unique));
            if (pageToken != null) {
                url.addQueryParameter("page_token", pageToken);
            }
            JsonElement body = get(optionData, url.build());
            if (!body.isJsonObject()) {
                break;
            }
            JsonElement snapshots = body.getAsJsonObject().get("snapshots");
            if (snapshots != null && snapshots.isJsonObject()) {
                for (Map.Entry<String, JsonElement> e : snapshots.getAsJsonObject().entrySet()) {
                    if (e.getValue().isJsonObject()) {
                        BigDecimal price = snapshotPrice(e.getValue().getAsJsonObject());
                        if (price != null) {
                            out.put(e.getKey(), price);
                        }
                    }
                }
            }
            String next = string(body.getAsJsonObject(), "next_page_token");
            if (next == null || next.isEmpty() || next.equals(pageToken)) {
                break;
            }
            pageToken = next;
        }
        return out;
    }

    /** The latest trade, else the quote midpoint (options often have no trade today). */
    private static BigDecimal snapshotPrice(JsonObject snapshot) {
        JsonElement trade = snapshot.get("latestTrade");
        if (trade != null && trade.isJsonObject()) {
            BigDecimal p = decimal(trade.getAsJsonObject(), "p");
            if (p != null && p.signum() > 0) {
                return p;
            }
        }
        JsonElement quote = snapshot.get("latestQuote");
        if (quote != null && quote.isJsonObject()) {
            BigDecimal ask = decimal(quote.getAsJsonObject(), "ap");
            BigDecimal bid = decimal(quote.getAsJsonObject(), "bp");
            if (ask != null && bid != null && ask.signum() > 0 && bid.signum() > 0) {
                return ask.add(bid).divide(TWO, Math.max(ask.scale(), bid.scale()) + 1, RoundingMode.HALF_EVEN)
                        .stripTrailingZeros();
            }
        }
        return null;
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
        for (JsonElement e : array(get(trading, url))) {
            JsonObject day = e.getAsJsonObject();
            if (date.toString().equals(string(day, "date"))) {
                try {
                    found = Optional.of(MarketSession.of(date, LocalTime.parse(string(day, "open")),
                            LocalTime.parse(string(day, "close"))));
                } catch (DateTimeParseException | NullPointerException ex) {
                    throw malformed("calendar entry " + day + " has no readable open/close");
                }
            }
        }
        // A calendar day does not change: cache it (one container lives for hours).
        sessions.put(date, found);
        return found;
    }

    // ------------------------------------------------------------------ HTTP

    private record Reply(int status, JsonElement json) {
    }

    private JsonElement get(AlpacaClient client, HttpUrl url) {
        return call(client, client.requestBuilder(url).get().build()).json();
    }

    private Reply call(AlpacaClient client, Request request) {
        try {
            return attempt(client, request);
        } catch (BrokerException e) {
            // A pooled connection the server had closed: an idempotent GET may go once more on a new one.
            // Timeouts are not retried (the server is slow, not gone); POSTs never are.
            boolean staleConnection = e.httpStatus() == 0 && e.getCause() instanceof IOException
                    && !(e.getCause() instanceof java.net.SocketTimeoutException);
            if (staleConnection && "GET".equals(request.method())) {
                LOG.debug("retrying {} once on a new connection", request.url().encodedPath());
                return attempt(client, request);
            }
            throw e;
        }
    }

    private Reply attempt(AlpacaClient client, Request request) {
        boolean isTrading = client == trading;
        if (isTrading) {
            budget.acquire();
            tradingRequests.incrementAndGet();
        }
        requests.incrementAndGet();
        String what = request.method() + " " + request.url().encodedPath();
        try (Response response = client.executeRequest(request)) {
            int status = response.code();
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            if (status >= 200 && status < 300) {
                return new Reply(status, parse(text, what));
            }
            throw failure(status, text, response, what);
        } catch (IOException e) {
            LOG.debug("{} failed without a response: {}", what, e.toString());
            String message = what + ": no response (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
            throw new BrokerException(BrokerFailure.classify(0, null, message), 0, null, message, null, e);
        }
    }

    private static JsonElement parse(String text, String what) {
        if (text == null || text.isBlank()) {
            return JsonNull.INSTANCE;
        }
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new BrokerException(BrokerFailure.REJECTED, 200, null, what + ": response is not JSON", null, e);
        }
    }

    private BrokerException failure(int status, String text, Response response, String what) {
        Integer code = null;
        String message = null;
        try {
            JsonElement json = JsonParser.parseString(text);
            if (json.isJsonObject()) {
                JsonObject o = json.getAsJsonObject();
                if (o.has("code") && o.get("code").isJsonPrimitive()) {
                    try {
                        code = o.get("code").getAsInt();
                    } catch (NumberFormatException ignored) {
                        // a non-numeric code: keep the message only
                    }
                }
                message = string(o, "message");
            }
        } catch (JsonParseException | IllegalStateException ignored) {
            // 5xx from a proxy are often HTML: fall back to the status line
        }
        if (message == null || message.isBlank()) {
            message = "HTTP " + status + (response.message().isEmpty() ? "" : " " + response.message());
        }
        Duration retryAfter = status == 429 || status == 503 ? retryAfter(response) : null;
        BrokerFailure failure = BrokerFailure.classify(status, code, message);
        LOG.debug("{} -> {} {} ({})", what, status, failure, message);
        return new BrokerException(failure, status, code, message, retryAfter, null);
    }

    /** {@code Retry-After} (seconds), else {@code X-RateLimit-Reset} (epoch seconds) minus now. */
    private Duration retryAfter(Response response) {
        String retry = response.header("Retry-After");
        if (retry != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(retry.trim())));
            } catch (NumberFormatException ignored) {
                // an HTTP-date: use the reset header instead
            }
        }
        String reset = response.header("X-RateLimit-Reset");
        if (reset != null) {
            try {
                Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.trim())));
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (NumberFormatException ignored) {
                // unreadable: no hint
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ JSON helpers

    private static JsonArray array(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return new JsonArray();
        }
        if (!e.isJsonArray()) {
            throw malformed("expected a JSON array");
        }
        return e.getAsJsonArray();
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** Money and quantities come as strings ("12.34") or numbers; both read exactly. */
    private static BigDecimal decimal(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        String s = e.getAsString().trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException ex) {
            throw malformed(field + " '" + s + "' is not a number");
        }
    }

    private static Instant instant(JsonObject o, String field) {
        String s = string(o, field);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed(field + " '" + s + "' is not a timestamp");
        }
    }

    private static BrokerException malformed(String what) {
        return new BrokerException(BrokerFailure.REJECTED, 200, null, "unexpected broker response: " + what);
    }

    /** Releases the HTTP connections and threads. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "AlpacaBroker[budget=" + budget.limit() + "/min]";
    }

}
