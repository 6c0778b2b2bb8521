package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;
import com.tradinginfra.pm.broker.AlpacaSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A faithful stand-in for Alpaca's trading and market-data APIs on loopback (docs/ALPACA.md): several
 * accounts by API key, a test-controlled clock with the NYSE calendar, prices set by the test,
 * order matching (market, limit, stop; simple, bracket and OCO), positions, FILL activities,
 * Alpaca's error answers, a per-account rate limit and fault switches.
 *
 * <p>This class is the test's side: starting, the controls and the inspection. The rooms behind
 * it: {@link SimHttp} (transport, authentication, faults, rate limit), {@link SimRouter} (paths),
 * {@link SimTradingApi} and {@link SimMarketData} (the endpoints' answers), {@link SimClock} (time
 * and calendar), {@link SimMarket} (trades and quotes), {@link SimBook} (the order book) and
 * {@link SimOrderEntry} (order submission by order class). All state is guarded by one lock;
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

    /**
     * An order as the simulator holds it (legs are separate orders pointing at their parent).
     * {@code submittedAt} is Alpaca's {@code submitted_at}, {@code createdAt} its {@code created_at}.
     */
    public record Order(String id, String clientOrderId, String symbol, String side, String type,
                        String orderClass, String timeInForce, BigDecimal qty, BigDecimal filledQty,
                        BigDecimal filledAvgPrice, BigDecimal limitPrice, BigDecimal stopPrice, String status,
                        Instant submittedAt, Instant filledAt, String parentId, List<String> legIds,
                        Instant createdAt) {
        public boolean isOpen() {
            return !SimOrder.TERMINAL.contains(status);
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
    private final SimRateLimit rateLimit = new SimRateLimit(DEFAULT_RATE_LIMIT);
    private final SimClock clock;
    private final SimMarket market = new SimMarket();
    private final SimBook book;
    private final SimMarketData data;
    private final SimHttp http;
    private final String baseUrl;

    private AlpacaSimulator(Instant start, InetSocketAddress address) throws IOException {
        this.clock = new SimClock(start);
        this.book = new SimBook(clock, market, faults);
        SimOrderEntry entry = new SimOrderEntry(book, clock, faults);
        this.data = new SimMarketData(market, clock);
        SimRouter router = new SimRouter(new SimTradingApi(book, entry, clock, market, faults), data);
        this.http = new SimHttp(lock, book, clock, router, faults, rateLimit, address);
        InetAddress host = address.getAddress();
        // Every interface includes loopback: the URL of this process's own clients.
        String urlHost = host == null || host.isAnyLocalAddress() || host.isLoopbackAddress() ? "127.0.0.1"
                : host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
        this.baseUrl = "http://" + urlHost + ":" + http.port();
    }

    /** Starts a simulator on a free loopback port with the clock at {@link #DEFAULT_START}. */
    public static AlpacaSimulator start() {
        return start(DEFAULT_START);
    }

    /** Starts a simulator on a free loopback port with the clock at {@code now}. */
    public static AlpacaSimulator start(Instant now) {
        try {
            return new AlpacaSimulator(now, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Alpaca simulator", e);
        }
    }

    /**
     * Starts a simulator listening on {@code address} (a fixed port, another interface: {@code ./pm simulator}
     * in a container) with the clock at {@code now}.
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, not an interface of this machine)
     */
    public static AlpacaSimulator start(Instant now, InetSocketAddress address) {
        try {
            return new AlpacaSimulator(now, address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>} (or the address listened on, when not loopback or every interface): trading and data API alike. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Creates (or returns) the account {@code name}, with key id {@code KEY-<name>} and secret {@code SECRET-<name>}. */
    public Account account(String name) {
        synchronized (lock) {
            return view(book.account(name));
        }
    }

    private static Account view(SimAccount a) {
        return new Account(a.name, a.keyId(), a.secret());
    }

    /**
     * Rotates the account's API keys (as in Alpaca's dashboard): the old ones are refused with 401
     * from now on. Returns the new credentials.
     */
    public Account rotateKeys(String account) {
        synchronized (lock) {
            SimAccount a = book.requireAccount(account);
            a.rotateKeys();
            return view(a);
        }
    }

    /** The account's current keys are refused with 401 (revoked, or not yet valid) until {@link #restoreKeys}. */
    public void revokeKeys(String account) {
        synchronized (lock) {
            book.requireAccount(account).revoked(true);
        }
    }

    /** The account's current keys work again. */
    public void restoreKeys(String account) {
        synchronized (lock) {
            book.requireAccount(account).revoked(false);
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
        return clock.calendar();
    }

    // ------------------------------------------------------------------ clock

    /** The simulated time. */
    public Instant now() {
        synchronized (lock) {
            book.catchUp();
            return clock.now();
        }
    }

    /**
     * Sets the clock. Forward it behaves as {@link #advanceTo(Instant)} (opens fill queued orders,
     * closes expire day orders); backwards it just sets the time.
     */
    public void setTime(Instant time) {
        synchronized (lock) {
            book.catchUp();
            if (time.isAfter(clock.now())) {
                book.advanceTo(time);
            } else {
                book.setBack(time);
            }
            clock.anchor();
        }
    }

    /** Moves the clock forward to {@code time}, processing every open and close on the way. */
    public void advanceTo(Instant time) {
        synchronized (lock) {
            book.catchUp();
            if (time.isBefore(clock.now())) {
                throw new IllegalArgumentException("cannot advance backwards from " + clock.now() + " to " + time);
            }
            book.advanceTo(time);
            clock.anchor();
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
            book.catchUp();
            clock.running(running);
        }
    }

    // ------------------------------------------------------------------ cancels

    /**
     * Makes cancels asynchronous, as at Alpaca (ALPACA.md): {@code DELETE /v2/orders/{id}} answers 204,
     * the order is {@code pending_cancel} (still holding its quantity, still able to fill) and the venue
     * confirms at the first clock advance at least {@code delay} after the request ({@code ZERO}: the
     * next advance), or at {@link #confirmCancels()}.
     *
     * <p>By default cancels are confirmed at once, because existing tests rely on that:
     * AlpacaBrokerSimTest (cancellingOneLegCancelsTheOther, closingWhileLegsHoldTheSharesIsInsufficientQty)
     * and FaultToleranceTest.legsLeftWorkingByACloseTheManagerDidNotMakeAreCanceledSoTheyCannotOpenAShort.
     */
    public void cancelDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        synchronized (lock) {
            book.cancelDelay(delay);
        }
    }

    /** Back to the default: cancels are confirmed at once. */
    public void synchronousCancels() {
        synchronized (lock) {
            book.cancelDelay(null);
        }
    }

    /** The venue confirms every pending cancel now. */
    public void confirmCancels() {
        synchronized (lock) {
            book.catchUp();
            book.confirmCancels(true);
        }
    }

    /**
     * The working order {@code orderId} (a {@code pending_cancel} one included) fills completely at the
     * current price now, whatever its limit or stop: a leg that fills while its cancel is pending.
     */
    public Order fillNow(String account, String orderId) {
        synchronized (lock) {
            book.catchUp();
            SimAccount a = book.requireAccount(account);
            SimOrder o = a.order(orderId).orElseThrow(() -> new IllegalArgumentException("no order " + orderId));
            book.fillAtMarket(a, o);
            return view(o);
        }
    }

    // ------------------------------------------------------------------ prices

    private static String sym(String symbol) {
        return symbol.toUpperCase(Locale.ROOT);
    }

    /** Sets the last trade price of a stock or OCC contract, then matches working orders on it. */
    public void setPrice(String symbol, BigDecimal price) {
        if (price == null || price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive, was " + price);
        }
        synchronized (lock) {
            book.catchUp();
            book.setPrice(sym(symbol), price);
        }
    }

    /** {@link #setPrice(String, BigDecimal)} from text, e.g. {@code "190.25"}. */
    public void setPrice(String symbol, String price) {
        setPrice(symbol, new BigDecimal(price));
    }

    /** Sets the quote, stamped now; without it, quotes are the last price on both sides. */
    public void setQuote(String symbol, BigDecimal bid, BigDecimal ask) {
        synchronized (lock) {
            book.catchUp();
            market.quote(sym(symbol), bid, ask, clock.now());
        }
    }

    /** Sets the quote with its own time stamp {@code at}; it becomes the current quote. */
    public void setQuote(String symbol, BigDecimal bid, BigDecimal ask, Instant at) {
        synchronized (lock) {
            market.quote(sym(symbol), bid, ask, at);
        }
    }

    /**
     * A trade printed at {@code at} (e.g. hours ago: an illiquid option's last trade goes stale while
     * its quote moves). It becomes the last trade, the price orders are matched against.
     */
    public void setTrade(String symbol, BigDecimal price, Instant at) {
        if (price == null || price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive, was " + price);
        }
        synchronized (lock) {
            book.catchUp();
            book.trade(sym(symbol), price, at);
        }
    }

    /**
     * The account's market-data subscriptions (both on by default): without OPRA, option data asked
     * for without {@code feed} is the 15-minute delayed indicative feed; without SIP, {@code feed=sip}
     * is refused.
     */
    public void marketDataSubscriptions(String account, boolean opra, boolean sip) {
        synchronized (lock) {
            book.account(account).subscriptions(opra, sip);
        }
    }

    /** Sets the previous close ({@code lastday_price}, {@code prevDailyBar}). */
    public void setPreviousClose(String symbol, BigDecimal price) {
        synchronized (lock) {
            market.previousClose(sym(symbol), price);
        }
    }

    /** The last price set for a symbol. */
    public Optional<BigDecimal> price(String symbol) {
        synchronized (lock) {
            return market.lastPrice(sym(symbol));
        }
    }

    /** The next fill of {@code symbol} (any account) fills only {@code qty}; the rest stays working. */
    public void partialFillNext(String symbol, BigDecimal qty) {
        synchronized (lock) {
            book.partialFillNext(sym(symbol), qty);
        }
    }

    /** Option snapshots per page (Alpaca: up to 100 a request); smaller values exercise {@code next_page_token}. */
    public void optionSnapshotPageSize(int size) {
        synchronized (lock) {
            data.optionPageSize(size);
        }
    }

    /** Trading-API requests allowed per account and rolling minute (200 by default). */
    public void setRateLimit(int perMinute) {
        synchronized (lock) {
            rateLimit.perMinute(perMinute);
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

    /**
     * Counts the rate limit's rolling minute on the simulated clock instead of the wall clock (a test
     * control, not Alpaca behaviour): a test that plays many simulated minutes within one real minute
     * then meets the limit only where Alpaca would, at 200 requests in a simulated minute.
     */
    public void rateLimitOnSimulatedClock() {
        synchronized (lock) {
            rateLimit.onClock(clock::now);
        }
    }

    /** Forgets the requests counted towards the rate limit. */
    public void resetRateLimits() {
        synchronized (lock) {
            rateLimit.reset();
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
            book.catchUp();
            return view(book.openByHand(book.account(account), sym(symbol), qty, avgPrice));
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

    private Order reduceAtMarket(String account, String symbol, BigDecimal qty, String source) {
        synchronized (lock) {
            book.catchUp();
            return view(book.reduceAtMarket(book.requireAccount(account), sym(symbol), qty, source));
        }
    }

    // ------------------------------------------------------------------ inspection

    /** Every request received so far, oldest first. */
    public List<Request> requests() {
        synchronized (lock) {
            return http.requests();
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
            http.resetLog();
        }
    }

    /** Price requests by endpoint path, e.g. {@code /v2/stocks/snapshots}. */
    public Map<String, Integer> priceRequestCounts() {
        synchronized (lock) {
            return http.priceRequestCounts();
        }
    }

    /** Price requests to one endpoint path. */
    public int priceRequestCount(String path) {
        return priceRequestCounts().getOrDefault(path, 0);
    }

    /** Every order of the account, legs included, in submission order. */
    public List<Order> orders(String account) {
        synchronized (lock) {
            book.catchUp();
            return book.findAccount(account).map(a -> a.orders().stream().map(AlpacaSimulator::view)
                    .collect(Collectors.toList())).orElse(List.of());
        }
    }

    public Optional<Order> order(String account, String orderId) {
        synchronized (lock) {
            return book.findAccount(account).flatMap(a -> a.order(orderId)).map(AlpacaSimulator::view);
        }
    }

    public Optional<Order> orderByClientId(String account, String clientOrderId) {
        synchronized (lock) {
            return book.findAccount(account).flatMap(a -> a.orderByClientId(clientOrderId)).map(AlpacaSimulator::view);
        }
    }

    /** The account's open positions. */
    public List<Position> positions(String account) {
        synchronized (lock) {
            book.catchUp();
            return book.findAccount(account).map(a -> a.positions().stream()
                    .map(p -> new Position(p.symbol, p.option, p.qty(), book.qtyAvailable(a, p), p.avg()))
                    .collect(Collectors.toList())).orElse(List.of());
        }
    }

    public Optional<Position> position(String account, String symbol) {
        return positions(account).stream().filter(p -> p.symbol().equalsIgnoreCase(symbol)).findFirst();
    }

    /** The account's FILL activities, oldest first. */
    public List<Fill> fills(String account) {
        synchronized (lock) {
            return book.findAccount(account).map(a -> a.fills().stream().map(f -> new Fill(f.id(), f.orderId(),
                    f.symbol(), f.side(), f.qty(), f.price(), f.time(), f.type(), f.cumQty(), f.leavesQty()))
                    .collect(Collectors.toList())).orElse(List.of());
        }
    }

    /** Option expiry events (OPEXP, OPEXC, OPASN) of the account as Alpaca's non-trade activity JSON. */
    public List<JsonObject> optionEvents(String account) {
        synchronized (lock) {
            book.catchUp();
            return book.findAccount(account).map(SimAccount::nonTradeActivities).orElse(List.of());
        }
    }

    private static Order view(SimOrder o) {
        return new Order(o.id, o.clientOrderId, o.symbol, o.side, o.type, o.orderClass, o.tif, o.qty(), o.filledQty(),
                o.filledAvg(), o.limitPrice(), o.stopPrice(), o.status(), o.submittedAt(), o.filledAt(),
                o.parent() == null ? null : o.parent().id, o.legs().stream().map(l -> l.id).collect(Collectors.toList()),
                o.createdAt);
    }

    @Override
    public void close() {
        http.close();
    }
}
