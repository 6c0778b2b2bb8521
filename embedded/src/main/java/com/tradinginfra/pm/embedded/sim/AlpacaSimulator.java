package com.tradinginfra.pm.embedded.sim;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.tradinginfra.pm.broker.AlpacaSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A faithful stand-in for Alpaca's trading and market-data APIs on loopback (docs/ALPACA.md): several
 * accounts by API key, a test-controlled clock with the NYSE calendar, prices set by the test,
 * order matching (market, limit, stop; simple, bracket and OCO), positions, FILL activities,
 * Alpaca's error answers, a per-account rate limit and fault switches.
 *
 * <p>One base URL serves both the trading paths ({@code /v2/...}) and the data paths
 * ({@code /v2/stocks/...}, {@code /v1beta1/options/...}). All state is guarded by one lock;
 * requests are served concurrently by a thread pool.
 *
 * <pre>{@code
 * try (AlpacaSimulator sim = AlpacaSimulator.start()) {
 *     sim.setPrice("AAPL", new BigDecimal("190"));
 *     Broker broker = new AlpacaBroker(sim.settings("main"));
 *     ...
 * }
 * }</pre>
 */
public final class AlpacaSimulator implements AutoCloseable {
    /** The clock at start: Monday 2026-11-23 10:00 New York, market open. */
    public static final Instant DEFAULT_START = Instant.parse("2026-11-23T15:00:00Z");
    /** Alpaca's documented trading-API limit per account and minute. */
    public static final int DEFAULT_RATE_LIMIT = 200;
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    /** A simulated account and its credentials. */
    public record Account(String name, String keyId, String secretKey) {
        @Override
        public String toString() {
            return "Account[" + name + "]";
        }
    }

    /**
     * One request the simulator received.
     *
     * @param status  the status answered, 0 when the connection was reset without an answer
     * @param account the authenticated account's name, null when unauthenticated
     */
    public record Request(Instant receivedAt, String method, String path, Map<String, String> query,
                          String body, int status, String account) {
    }

    /** An order as the simulator holds it (legs are separate orders pointing at their parent). */
    public record Order(String id, String clientOrderId, String symbol, String side, String type,
                        String orderClass, String timeInForce, BigDecimal qty, BigDecimal filledQty,
                        BigDecimal filledAvgPrice, BigDecimal limitPrice, BigDecimal stopPrice, String status,
                        Instant submittedAt, Instant filledAt, String parentId, List<String> legIds) {
        public boolean isOpen() {
            return !SimBook.TERMINAL.contains(status);
        }
    }

    /** A position: {@code qty} signed, negative when short. */
    public record Position(String symbol, boolean option, BigDecimal qty, BigDecimal qtyAvailable,
                           BigDecimal avgEntryPrice) {
    }

    /** A FILL activity. {@code side} is {@code buy}, {@code sell} or {@code sell_short}. */
    public record Fill(String id, String orderId, String symbol, String side, BigDecimal qty, BigDecimal price,
                       Instant transactionTime, String type, BigDecimal cumQty, BigDecimal leavesQty) {
    }

    private final Object lock = new Object();
    private final SimFaults faults = new SimFaults();
    private final SimBook book;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final List<Request> requestLog = new ArrayList<>();
    private final Map<String, Integer> priceRequests = new TreeMap<>();
    private final Map<String, Deque<Long>> rateWindows = new HashMap<>();
    private int rateLimit = DEFAULT_RATE_LIMIT;
    private int optionPageSize = 100;
    private boolean clockRunning;
    private Instant anchorSim;
    private long anchorNanos;

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK: ~40 ms a request on loopback. Read once, when the server class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private AlpacaSimulator(Instant start) throws IOException {
        this.book = new SimBook(start, faults);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "alpaca-sim");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts a simulator on a free loopback port with the clock at {@link #DEFAULT_START}. */
    public static AlpacaSimulator start() {
        return start(DEFAULT_START);
    }

    /** Starts a simulator on a free loopback port with the clock at {@code now}. */
    public static AlpacaSimulator start(Instant now) {
        try {
            return new AlpacaSimulator(now);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Alpaca simulator", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: trading and data API alike. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Creates (or returns) the account {@code name}, with key id {@code KEY-<name>} and secret {@code SECRET-<name>}. */
    public Account account(String name) {
        synchronized (lock) {
            SimBook.Account a = book.account(name);
            return new Account(a.name, a.keyId, a.secret);
        }
    }

    /** Settings for the account {@code name} (created when new) pointing at this simulator. */
    public AlpacaSettings settings(String account) {
        Account a = account(account);
        return new AlpacaSettings(a.keyId(), a.secretKey(), baseUrl, baseUrl);
    }

    /** The fault switches. */
    public SimFaults faults() {
        return faults;
    }

    /** The calendar the simulator serves. */
    public NyseCalendar calendar() {
        return book.calendar;
    }

    // ------------------------------------------------------------------ clock

    /** The simulated time. */
    public Instant now() {
        synchronized (lock) {
            syncClock();
            return book.now;
        }
    }

    /**
     * Sets the clock. Forward it behaves as {@link #advanceTo(Instant)} (opens fill queued orders,
     * closes expire day orders); backwards it just sets the time.
     */
    public void setTime(Instant time) {
        synchronized (lock) {
            syncClock();
            if (time.isAfter(book.now)) {
                book.advanceTo(time);
            } else {
                book.now = time;
                book.matchAll(null);
            }
            anchor();
        }
    }

    /** Moves the clock forward to {@code time}, processing every open and close on the way. */
    public void advanceTo(Instant time) {
        synchronized (lock) {
            syncClock();
            if (time.isBefore(book.now)) {
                throw new IllegalArgumentException("cannot advance backwards from " + book.now + " to " + time);
            }
            book.advanceTo(time);
            anchor();
        }
    }

    /** Moves the clock forward by {@code duration}. */
    public void advanceBy(Duration duration) {
        advanceTo(now().plus(duration));
    }

    /**
     * When running, simulated time follows the wall clock from the current simulated time (for the
     * local runner); otherwise (the default) it only moves when a test moves it.
     */
    public void runClock(boolean running) {
        synchronized (lock) {
            syncClock();
            clockRunning = running;
            anchor();
        }
    }

    private void anchor() {
        anchorSim = book.now;
        anchorNanos = System.nanoTime();
    }

    private void syncClock() {
        if (clockRunning) {
            Instant target = anchorSim.plusNanos(System.nanoTime() - anchorNanos);
            if (target.isAfter(book.now)) {
                book.advanceTo(target);
            }
        }
    }

    // ------------------------------------------------------------------ prices

    /** Sets the last trade price of a stock or OCC contract, then matches working orders on it. */
    public void setPrice(String symbol, BigDecimal price) {
        if (price == null || price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive, was " + price);
        }
        synchronized (lock) {
            syncClock();
            book.setPrice(symbol.toUpperCase(Locale.ROOT), price);
        }
    }

    /** {@link #setPrice(String, BigDecimal)} from text, e.g. {@code "190.25"}. */
    public void setPrice(String symbol, String price) {
        setPrice(symbol, new BigDecimal(price));
    }

    /** Sets the quote; without it, quotes are the last price on both sides. */
    public void setQuote(String symbol, BigDecimal bid, BigDecimal ask) {
        synchronized (lock) {
            book.quotes.put(symbol.toUpperCase(Locale.ROOT), new BigDecimal[]{bid, ask});
        }
    }

    /** Sets the previous close ({@code lastday_price}, {@code prevDailyBar}). */
    public void setPreviousClose(String symbol, BigDecimal price) {
        synchronized (lock) {
            book.previousCloses.put(symbol.toUpperCase(Locale.ROOT), price);
        }
    }

    /** The last price set for a symbol. */
    public Optional<BigDecimal> price(String symbol) {
        synchronized (lock) {
            return Optional.ofNullable(book.prices.get(symbol.toUpperCase(Locale.ROOT)));
        }
    }

    /** The next fill of {@code symbol} (any account) fills only {@code qty}; the rest stays working. */
    public void partialFillNext(String symbol, BigDecimal qty) {
        synchronized (lock) {
            book.partialNext.put(symbol.toUpperCase(Locale.ROOT), qty);
        }
    }

    /** Option snapshots per page (Alpaca: up to 100 a request); smaller values exercise {@code next_page_token}. */
    public void optionSnapshotPageSize(int size) {
        synchronized (lock) {
            optionPageSize = Math.max(1, size);
        }
    }

    /** Trading-API requests allowed per account and rolling minute (200 by default). */
    public void setRateLimit(int perMinute) {
        synchronized (lock) {
            rateLimit = perMinute;
        }
    }

    /**
     * Order and activity ids from a sequence seeded with {@code seed} instead of random UUIDs (the
     * demo's {@code --seed}): the same requests in the same order get the same ids.
     */
    public void seedIds(long seed) {
        synchronized (lock) {
            book.seedIds(seed);
        }
    }

    /** Forgets the requests counted towards the rate limit. */
    public void resetRateLimits() {
        synchronized (lock) {
            rateWindows.clear();
        }
    }

    // ------------------------------------------------------------------ the broker acting on its own

    /**
     * A position opened by hand (e.g. in Alpaca's web UI): a filled market order and its FILL
     * activity at {@code avgPrice}. {@code qty} is signed: negative opens a short.
     */
    public Order openPosition(String account, String symbol, BigDecimal qty, BigDecimal avgPrice) {
        if (qty.signum() == 0) {
            throw new IllegalArgumentException("qty must not be 0");
        }
        synchronized (lock) {
            syncClock();
            SimBook.Account a = book.account(account);
            String s = symbol.toUpperCase(Locale.ROOT);
            book.prices.putIfAbsent(s, avgPrice);
            book.priceTimes.putIfAbsent(s, book.now);
            SimBook.Ord o = book.executeNow(a, s, qty.signum() > 0 ? "buy" : "sell", qty.abs(), avgPrice, "manual");
            return view(o);
        }
    }

    /**
     * Alpaca closes the whole position itself (e.g. an expiring option when buying power is short):
     * working orders on the symbol are canceled and a market order fills at the current price.
     */
    public Order liquidate(String account, String symbol) {
        return reduceAtMarket(account, symbol, null, "liquidation");
    }

    /**
     * Someone reduces the position by hand by {@code qty} (positive), filled at once at the current
     * price. Open orders on the symbol (bracket legs) hold its shares, so, as at Alpaca, the person
     * has to cancel them first: this does.
     */
    public Order closeByHand(String account, String symbol, BigDecimal qty) {
        return reduceAtMarket(account, symbol, qty.abs(), "manual");
    }

    /** Cancels the symbol's working orders, then fills {@code qty} (null: the whole position) against it at the current price. */
    private Order reduceAtMarket(String account, String symbol, BigDecimal qty, String source) {
        synchronized (lock) {
            syncClock();
            SimBook.Account a = book.requireAccount(account);
            String s = symbol.toUpperCase(Locale.ROOT);
            SimBook.Pos pos = a.positions.get(s);
            if (pos == null) {
                throw new IllegalArgumentException(account + " holds no " + s);
            }
            cancelWorkingOrders(a, s);
            BigDecimal price = book.prices.getOrDefault(s, pos.avg);
            return view(book.executeNow(a, s, pos.qty.signum() > 0 ? "sell" : "buy", qty == null ? pos.qty.abs() : qty, price, source));
        }
    }

    /** Cancels every working order of {@code symbol}: what a liquidation and a person closing by hand do first. */
    private void cancelWorkingOrders(SimBook.Account a, String symbol) {
        for (SimBook.Ord o : a.orders) {
            if (o.symbol.equals(symbol) && !o.terminal()) {
                o.status = "canceled";
                o.canceledAt = book.now;
                o.updatedAt = book.now;
            }
        }
    }

    // ------------------------------------------------------------------ inspection

    /** Every request received so far, oldest first. */
    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requestLog);
        }
    }

    /** Requests whose path starts with {@code pathPrefix}. */
    public List<Request> requests(String method, String pathPrefix) {
        return requests().stream()
                .filter(r -> (method == null || r.method().equalsIgnoreCase(method)) && r.path().startsWith(pathPrefix))
                .collect(Collectors.toList());
    }

    /** Clears the request log and the price-request counters. */
    public void resetRequestLog() {
        synchronized (lock) {
            requestLog.clear();
            priceRequests.clear();
        }
    }

    /** Price requests by endpoint path, e.g. {@code /v2/stocks/snapshots}. */
    public Map<String, Integer> priceRequestCounts() {
        synchronized (lock) {
            return Map.copyOf(priceRequests);
        }
    }

    /** Price requests to one endpoint path. */
    public int priceRequestCount(String path) {
        synchronized (lock) {
            return priceRequests.getOrDefault(path, 0);
        }
    }

    /** Every order of the account, legs included, in submission order. */
    public List<Order> orders(String account) {
        synchronized (lock) {
            syncClock();
            SimBook.Account a = book.accountsByName.get(account);
            return a == null ? List.of() : a.orders.stream().map(AlpacaSimulator::view).collect(Collectors.toList());
        }
    }

    public Optional<Order> order(String account, String orderId) {
        synchronized (lock) {
            SimBook.Account a = book.accountsByName.get(account);
            return a == null ? Optional.empty() : Optional.ofNullable(a.byId.get(orderId)).map(AlpacaSimulator::view);
        }
    }

    public Optional<Order> orderByClientId(String account, String clientOrderId) {
        synchronized (lock) {
            SimBook.Account a = book.accountsByName.get(account);
            return a == null ? Optional.empty() : Optional.ofNullable(a.byClientId.get(clientOrderId)).map(AlpacaSimulator::view);
        }
    }

    /** The account's open positions. */
    public List<Position> positions(String account) {
        synchronized (lock) {
            syncClock();
            SimBook.Account a = book.accountsByName.get(account);
            if (a == null) {
                return List.of();
            }
            List<Position> out = new ArrayList<>();
            for (SimBook.Pos p : a.positions.values()) {
                out.add(new Position(p.symbol, p.option, p.qty, book.qtyAvailable(a, p), p.avg));
            }
            return out;
        }
    }

    public Optional<Position> position(String account, String symbol) {
        return positions(account).stream().filter(p -> p.symbol().equalsIgnoreCase(symbol)).findFirst();
    }

    /** The account's FILL activities, oldest first. */
    public List<Fill> fills(String account) {
        synchronized (lock) {
            SimBook.Account a = book.accountsByName.get(account);
            if (a == null) {
                return List.of();
            }
            return a.fills.stream().map(f -> new Fill(f.id, f.orderId, f.symbol, f.side, f.qty, f.price, f.time,
                    f.type, f.cumQty, f.leavesQty)).collect(Collectors.toList());
        }
    }

    /** Option expiry events (OPEXP, OPEXC, OPASN) of the account as Alpaca's non-trade activity JSON. */
    public List<JsonObject> optionEvents(String account) {
        synchronized (lock) {
            syncClock();
            SimBook.Account a = book.accountsByName.get(account);
            return a == null ? List.of() : a.nonTradeActivities.stream().map(JsonObject::deepCopy).collect(Collectors.toList());
        }
    }

    private static Order view(SimBook.Ord o) {
        return new Order(o.id, o.clientOrderId, o.symbol, o.side, o.type, o.orderClass, o.tif, o.qty, o.filledQty,
                o.filledAvg, o.limitPrice, o.stopPrice, o.status, o.createdAt, o.filledAt,
                o.parent == null ? null : o.parent.id, o.legs.stream().map(l -> l.id).collect(Collectors.toList()));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ HTTP

    private record Answer(int status, JsonElement body, Map<String, String> headers) {
        Answer(int status, JsonElement body) {
            this(status, body, new LinkedHashMap<>());
        }
    }

    private static boolean isDataPath(String path) {
        return path.startsWith("/v2/stocks") || path.startsWith("/v1beta1/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        path = URLDecoder.decode(path, StandardCharsets.UTF_8);
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Instant received;
        SimBook.Account account;
        synchronized (lock) {
            syncClock();
            received = book.now;
            account = book.accountsByKey.get(exchange.getRequestHeaders().getFirst("APCA-API-KEY-ID"));
            if (account != null && !account.secret.equals(exchange.getRequestHeaders().getFirst("APCA-API-SECRET-KEY"))) {
                account = null;
            }
        }
        String accountName = account == null ? null : account.name;

        if (faults.take(SimFaults.Kind.RESET, method, path) != null) {
            log(received, method, path, query, body, 0, accountName);
            exchange.close(); // no status line: the client sees the connection end
            return;
        }
        SimFaults.Rule delay = faults.take(SimFaults.Kind.DELAY, method, path);
        if (delay != null) {
            try {
                Thread.sleep(delay.delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        }

        Answer answer;
        boolean trading = !isDataPath(path);
        Map<String, String> rateHeaders = new LinkedHashMap<>();
        synchronized (lock) {
            syncClock();
            if (account == null) {
                answer = error(new SimApiError(401, 40110000, "request is not authorized"));
            } else if (trading && !admit(account, rateHeaders)) {
                SimApiError e = new SimApiError(429, 42910000, "rate limit exceeded");
                answer = new Answer(429, e.body, rateHeaders);
            } else {
                SimFaults.Rule fail = faults.take(SimFaults.Kind.FAIL, method, path);
                if (fail != null) {
                    answer = failure(fail.status);
                } else {
                    answer = route(account, method, path, query, body);
                    if (faults.take(SimFaults.Kind.ACCEPT_THEN_FAIL, method, path) != null) {
                        answer = failure(500); // processed, but the answer is lost
                    }
                }
                if (trading) {
                    answer.headers().putAll(rateHeaders);
                }
            }
            if (!trading && account != null) {
                priceRequests.merge(path, 1, Integer::sum);
            }
            log(received, method, path, query, body, answer.status(), accountName);
        }
        send(exchange, answer);
    }

    /** Counts a trading request against the account's rolling minute; false when over the limit. */
    private boolean admit(SimBook.Account account, Map<String, String> headers) {
        long now = System.nanoTime();
        Deque<Long> window = rateWindows.computeIfAbsent(account.name, k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS) {
            window.removeFirst();
        }
        boolean admitted = window.size() < rateLimit;
        if (admitted) {
            window.addLast(now);
        }
        long resetNanos = window.isEmpty() ? 0 : Math.max(0, window.peekFirst() + WINDOW_NANOS - now);
        long resetEpoch = (System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(resetNanos) + 999) / 1000;
        headers.put("X-RateLimit-Limit", String.valueOf(rateLimit));
        headers.put("X-RateLimit-Remaining", String.valueOf(Math.max(0, rateLimit - window.size())));
        headers.put("X-RateLimit-Reset", String.valueOf(resetEpoch));
        if (!admitted) {
            headers.put("Retry-After", String.valueOf(Math.max(1, (resetNanos + 999_999_999L) / 1_000_000_000L)));
        }
        return admitted;
    }

    private static Answer failure(int status) {
        JsonObject body = new JsonObject();
        Answer a = new Answer(status, body);
        if (status == 429) {
            body.addProperty("code", 42910000);
            body.addProperty("message", "rate limit exceeded");
            a.headers().put("Retry-After", "1");
        } else if (status >= 500) {
            body.addProperty("code", 50010000);
            body.addProperty("message", "internal server error occurred");
        } else {
            body.addProperty("code", status * 100000);
            body.addProperty("message", "simulated failure " + status);
        }
        return a;
    }

    private static Answer error(SimApiError e) {
        return new Answer(e.status, e.body);
    }

    private void log(Instant at, String method, String path, Map<String, String> query, String body, int status,
                     String account) {
        synchronized (lock) {
            requestLog.add(new Request(at, method, path, Map.copyOf(query), body, status, account));
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        try {
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            if (answer.status() == 204 || answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
            } else {
                byte[] bytes = GSON.toJson(answer.body()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
                exchange.sendResponseHeaders(answer.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer to
        } finally {
            exchange.close();
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    // ------------------------------------------------------------------ routes (under the lock)

    private Answer route(SimBook.Account a, String method, String path, Map<String, String> q, String body) {
        try {
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            switch (method + " " + path) {
                case "GET /v2/account":
                    return new Answer(200, accountJson(a));
                case "GET /v2/clock":
                    return new Answer(200, clockJson());
                case "GET /v2/calendar":
                    return new Answer(200, calendarJson(q));
                case "GET /v2/positions":
                    return new Answer(200, positionsJson(a));
                case "GET /v2/orders":
                    return new Answer(200, listOrders(a, q));
                case "POST /v2/orders":
                    return new Answer(200, book.orderJson(book.submit(a, parseBody(body)), true));
                case "DELETE /v2/orders":
                    return new Answer(207, cancelAll(a));
                case "GET /v2/orders:by_client_order_id": {
                    SimBook.Ord o = a.byClientId.get(q.getOrDefault("client_order_id", ""));
                    if (o == null) {
                        throw new SimApiError(404, 40410000, "order not found");
                    }
                    return new Answer(200, book.orderJson(o, true));
                }
                case "GET /v2/account/activities/FILL":
                    return new Answer(200, activities(a, q));
                case "GET /v2/account/activities":
                    if (!"FILL".equalsIgnoreCase(q.getOrDefault("activity_types", "FILL"))) {
                        throw SimApiError.invalid("the simulator serves FILL activities here; option events under"
                                + " /v2/account/activities/{OPEXP|OPEXC|OPASN}");
                    }
                    return new Answer(200, activities(a, q));
                case "GET /v2/account/activities/OPEXP":
                case "GET /v2/account/activities/OPEXC":
                case "GET /v2/account/activities/OPASN": {
                    String type = path.substring(path.lastIndexOf('/') + 1);
                    JsonArray out = new JsonArray();
                    a.nonTradeActivities.stream().filter(j -> j.get("activity_type").getAsString().equals(type))
                            .forEach(j -> out.add(j.deepCopy()));
                    return new Answer(200, out);
                }
                case "GET /v2/stocks/snapshots":
                    return new Answer(200, stockSnapshots(q));
                case "GET /v2/stocks/trades/latest":
                    return new Answer(200, latestTrades(q));
                case "GET /v1beta1/options/snapshots":
                    return new Answer(200, optionSnapshots(q));
                default:
                    break;
            }
            if (path.startsWith("/v2/orders/")) {
                String id = path.substring("/v2/orders/".length());
                if (method.equals("GET")) {
                    SimBook.Ord o = a.byId.get(id);
                    if (o == null) {
                        throw new SimApiError(404, 40410000, "order not found");
                    }
                    return new Answer(200, book.orderJson(o, Boolean.parseBoolean(q.getOrDefault("nested", "false"))));
                }
                if (method.equals("DELETE")) {
                    book.cancel(a, id);
                    return new Answer(204, null);
                }
            }
            if (path.startsWith("/v2/positions/")) {
                String symbol = path.substring("/v2/positions/".length()).toUpperCase(Locale.ROOT);
                if (method.equals("GET")) {
                    SimBook.Pos p = a.positions.get(symbol);
                    if (p == null) {
                        throw new SimApiError(404, 40410000, "position does not exist");
                    }
                    return new Answer(200, book.positionJson(a, p));
                }
                if (method.equals("DELETE")) {
                    SimBook.Ord o = book.closePosition(a, symbol, decimal(q, "qty"), decimal(q, "percentage"));
                    return new Answer(200, book.orderJson(o, true));
                }
            }
            // An unknown route has no Alpaca code: it must not read as "position does not exist".
            JsonObject notFound = new JsonObject();
            notFound.addProperty("message", "Not Found");
            return new Answer(404, notFound);
        } catch (SimApiError e) {
            return error(e);
        }
    }

    private static JsonObject parseBody(String body) {
        try {
            JsonElement e = JsonParser.parseString(body == null ? "" : body);
            if (!e.isJsonObject()) {
                throw SimApiError.badRequest("request body must be a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw SimApiError.badRequest("request body format is invalid");
        }
    }

    private static BigDecimal decimal(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(v.trim());
        } catch (NumberFormatException e) {
            throw SimApiError.invalid(name + " '" + v + "' is not a number");
        }
    }

    private static Instant instantParam(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v.trim()).atStartOfDay(NyseCalendar.NEW_YORK).toInstant();
            } catch (DateTimeParseException e2) {
                throw SimApiError.invalid(name + " '" + v + "' is not an RFC 3339 timestamp");
            }
        }
    }

    private static int intParam(Map<String, String> q, String name, int dflt) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw SimApiError.invalid(name + " '" + v + "' is not an integer");
        }
    }

    private static Set<String> symbolsParam(Map<String, String> q) {
        String v = q.get("symbols");
        if (v == null || v.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(v.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private JsonObject accountJson(SimBook.Account a) {
        JsonObject j = new JsonObject();
        j.addProperty("id", a.id);
        j.addProperty("account_number", "PA" + Math.abs(a.name.hashCode()));
        j.addProperty("status", "ACTIVE");
        j.addProperty("currency", "USD");
        j.addProperty("cash", "100000");
        j.addProperty("buying_power", "200000");
        j.addProperty("options_buying_power", "100000");
        j.addProperty("pattern_day_trader", faults.patternDayTrading());
        j.addProperty("trading_blocked", false);
        j.addProperty("shorting_enabled", true);
        j.addProperty("options_trading_level", 2);
        return j;
    }

    private JsonObject clockJson() {
        JsonObject j = new JsonObject();
        Instant now = book.now;
        j.addProperty("timestamp", now.atZone(NyseCalendar.NEW_YORK).toOffsetDateTime().toString());
        j.addProperty("is_open", book.isOpen());
        j.addProperty("next_open", book.calendar.nextOpen(now, false).atZone(NyseCalendar.NEW_YORK).toOffsetDateTime().toString());
        j.addProperty("next_close", book.calendar.nextClose(now, false).atZone(NyseCalendar.NEW_YORK).toOffsetDateTime().toString());
        return j;
    }

    private JsonArray calendarJson(Map<String, String> q) {
        LocalDate today = book.now.atZone(NyseCalendar.NEW_YORK).toLocalDate();
        LocalDate start;
        LocalDate end;
        try {
            start = q.containsKey("start") ? LocalDate.parse(q.get("start").substring(0, 10)) : today.minusYears(1);
            end = q.containsKey("end") ? LocalDate.parse(q.get("end").substring(0, 10)) : today.plusYears(1);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw SimApiError.invalid("start and end must be dates (YYYY-MM-DD)");
        }
        JsonArray out = new JsonArray();
        for (NyseCalendar.Day d : book.calendar.days(start, end)) {
            JsonObject j = new JsonObject();
            j.addProperty("date", d.date().toString());
            j.addProperty("open", d.open().toString());
            j.addProperty("close", d.close().toString());
            j.addProperty("session_open", "0400");
            j.addProperty("session_close", "2000");
            j.addProperty("settlement_date", d.date().plusDays(1).toString());
            out.add(j);
        }
        return out;
    }

    private JsonArray positionsJson(SimBook.Account a) {
        JsonArray out = new JsonArray();
        for (SimBook.Pos p : a.positions.values()) {
            out.add(book.positionJson(a, p));
        }
        return out;
    }

    private JsonArray listOrders(SimBook.Account a, Map<String, String> q) {
        String status = q.getOrDefault("status", "open").toLowerCase(Locale.ROOT);
        if (!Set.of("open", "closed", "all").contains(status)) {
            throw SimApiError.invalid("status must be open, closed or all");
        }
        int limit = intParam(q, "limit", 50);
        if (limit <= 0 || limit > 500) {
            throw SimApiError.invalid("limit must be between 1 and 500");
        }
        String direction = q.getOrDefault("direction", "desc").toLowerCase(Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw SimApiError.invalid("direction must be asc or desc");
        }
        boolean nested = Boolean.parseBoolean(q.getOrDefault("nested", "false"));
        Instant after = instantParam(q, "after");
        Instant until = instantParam(q, "until");
        Set<String> symbols = symbolsParam(q);
        List<SimBook.Ord> selected = new ArrayList<>();
        for (SimBook.Ord o : a.orders) {
            if (nested && o.parent != null) {
                continue;
            }
            if (!symbols.isEmpty() && !symbols.contains(o.symbol)) {
                continue;
            }
            if ((after != null && !o.createdAt.isAfter(after)) || (until != null && !o.createdAt.isBefore(until))) {
                continue;
            }
            boolean open = !o.terminal() || (nested && o.legs.stream().anyMatch(l -> !l.terminal()));
            if (status.equals("open") && !open || status.equals("closed") && open) {
                continue;
            }
            selected.add(o);
        }
        Comparator<SimBook.Ord> bySubmission = Comparator.comparing(o -> o.createdAt);
        selected.sort(direction.equals("asc") ? bySubmission : bySubmission.reversed());
        JsonArray out = new JsonArray();
        for (SimBook.Ord o : selected.subList(0, Math.min(limit, selected.size()))) {
            out.add(book.orderJson(o, nested));
        }
        return out;
    }

    private JsonArray cancelAll(SimBook.Account a) {
        JsonArray out = new JsonArray();
        for (SimBook.Ord o : new ArrayList<>(a.orders)) {
            if (o.parent == null && !o.terminal()) {
                book.cancel(a, o.id);
                JsonObject j = new JsonObject();
                j.addProperty("id", o.id);
                j.addProperty("status", 200);
                j.add("body", book.orderJson(o, true));
                out.add(j);
            }
        }
        return out;
    }

    private JsonArray activities(SimBook.Account a, Map<String, String> q) {
        int pageSize = intParam(q, "page_size", 100);
        if (pageSize <= 0 || pageSize > 100) {
            throw SimApiError.invalid("page_size must be between 1 and 100");
        }
        String direction = q.getOrDefault("direction", "desc").toLowerCase(Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw SimApiError.invalid("direction must be asc or desc");
        }
        Instant after = instantParam(q, "after");
        Instant until = instantParam(q, "until");
        String date = q.get("date");
        List<SimBook.Fil> selected = new ArrayList<>();
        for (SimBook.Fil f : a.fills) {
            if ((after != null && !f.time.isAfter(after)) || (until != null && f.time.isAfter(until))) {
                continue;
            }
            if (date != null && !f.time.atZone(NyseCalendar.NEW_YORK).toLocalDate().toString().equals(date)) {
                continue;
            }
            selected.add(f);
        }
        if (direction.equals("desc")) {
            Collections.reverse(selected);
        }
        int from = 0;
        String token = q.get("page_token");
        if (token != null && !token.isBlank()) {
            for (int i = 0; i < selected.size(); i++) {
                if (selected.get(i).id.equals(token)) {
                    from = i + 1;
                    break;
                }
            }
        }
        JsonArray out = new JsonArray();
        for (int i = from; i < Math.min(selected.size(), from + pageSize); i++) {
            out.add(SimBook.fillJson(selected.get(i)));
        }
        return out;
    }

    // ------------------------------------------------------------------ market data

    private JsonObject trade(String symbol, BigDecimal price, boolean option) {
        JsonObject t = new JsonObject();
        t.addProperty("t", SimBook.time(book.priceTimes.getOrDefault(symbol, book.now)));
        t.addProperty("x", option ? "C" : "V");
        t.addProperty("p", price);
        t.addProperty("s", option ? 1 : 100);
        if (!option) {
            JsonArray c = new JsonArray();
            c.add("@");
            t.add("c", c);
            t.addProperty("i", Math.abs(symbol.hashCode()));
            t.addProperty("z", "C");
        } else {
            t.addProperty("c", "I");
        }
        return t;
    }

    private JsonObject quote(String symbol, BigDecimal price, boolean option) {
        BigDecimal[] q = book.quotes.get(symbol);
        BigDecimal bid = q != null ? q[0] : price;
        BigDecimal ask = q != null ? q[1] : price;
        JsonObject j = new JsonObject();
        j.addProperty("t", SimBook.time(book.priceTimes.getOrDefault(symbol, book.now)));
        j.addProperty("ax", option ? "C" : "V");
        j.addProperty("ap", ask);
        j.addProperty("as", option ? 10 : 1);
        j.addProperty("bx", option ? "C" : "V");
        j.addProperty("bp", bid);
        j.addProperty("bs", option ? 10 : 1);
        j.addProperty("c", option ? " " : "R");
        if (!option) {
            j.addProperty("z", "C");
        }
        return j;
    }

    private JsonObject bar(BigDecimal price, Instant at) {
        JsonObject b = new JsonObject();
        b.addProperty("t", SimBook.time(at));
        b.addProperty("o", price);
        b.addProperty("h", price);
        b.addProperty("l", price);
        b.addProperty("c", price);
        b.addProperty("v", 1000);
        b.addProperty("n", 10);
        b.addProperty("vw", price);
        return b;
    }

    /** The {@code symbols} parameter, which the market-data endpoints require. */
    private Set<String> requiredSymbols(Map<String, String> q) {
        Set<String> symbols = symbolsParam(q);
        if (symbols.isEmpty()) {
            throw SimApiError.badRequest("symbols is required");
        }
        return symbols;
    }

    private JsonObject stockSnapshots(Map<String, String> q) {
        Set<String> symbols = requiredSymbols(q);
        JsonObject out = new JsonObject();
        for (String s : symbols) {
            BigDecimal p = book.prices.get(s);
            if (p == null || SimBook.isOption(s)) {
                continue; // unknown symbols are left out
            }
            BigDecimal prev = book.previousCloses.getOrDefault(s, p);
            JsonObject snap = new JsonObject();
            snap.add("latestTrade", trade(s, p, false));
            snap.add("latestQuote", quote(s, p, false));
            Instant minute = book.now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            snap.add("minuteBar", bar(p, minute));
            Instant day = book.now.atZone(NyseCalendar.NEW_YORK).toLocalDate().atStartOfDay(NyseCalendar.NEW_YORK).toInstant();
            snap.add("dailyBar", bar(p, day));
            snap.add("prevDailyBar", bar(prev, day.minus(Duration.ofDays(1))));
            out.add(s, snap);
        }
        return out;
    }

    private JsonObject latestTrades(Map<String, String> q) {
        Set<String> symbols = requiredSymbols(q);
        JsonObject trades = new JsonObject();
        for (String s : symbols) {
            BigDecimal p = book.prices.get(s);
            if (p != null && !SimBook.isOption(s)) {
                trades.add(s, trade(s, p, false));
            }
        }
        JsonObject out = new JsonObject();
        out.add("trades", trades);
        return out;
    }

    private JsonObject optionSnapshots(Map<String, String> q) {
        List<String> symbols = new ArrayList<>(symbolsParam(q));
        if (symbols.isEmpty()) {
            throw SimApiError.badRequest("symbols is required");
        }
        if (symbols.size() > 100) {
            throw new SimApiError(400, 40010001, "too many symbols: at most 100 symbols per request, got " + symbols.size());
        }
        List<String> known = symbols.stream()
                .filter(s -> book.prices.containsKey(s) || book.quotes.containsKey(s))
                .collect(Collectors.toList());
        int from = 0;
        String token = q.get("page_token");
        if (token != null && !token.isBlank()) {
            int i = known.indexOf(token);
            if (i < 0) {
                throw SimApiError.badRequest("invalid page_token");
            }
            from = i;
        }
        int pageSize = Math.min(optionPageSize, intParam(q, "limit", 100));
        int to = Math.min(known.size(), from + pageSize);
        JsonObject snaps = new JsonObject();
        for (String s : known.subList(from, to)) {
            BigDecimal p = book.prices.get(s);
            JsonObject snap = new JsonObject();
            if (p != null) {
                snap.add("latestTrade", trade(s, p, true));
            }
            BigDecimal[] quote = book.quotes.get(s);
            if (quote != null || p != null) {
                snap.add("latestQuote", quote(s, p, true));
            }
            snaps.add(s, snap);
        }
        JsonObject out = new JsonObject();
        out.add("snapshots", snaps);
        if (to < known.size()) {
            out.addProperty("next_page_token", known.get(to));
        } else {
            out.add("next_page_token", JsonNull.INSTANCE);
        }
        return out;
    }
}
