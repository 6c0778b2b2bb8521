package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.BrokerOrderStatus;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.MarketPrice;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.OccSymbol;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.OrderSide;
import com.tradinginfra.pm.domain.ProtectionRequest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link Broker} in memory: an account's positions, orders (bracket legs nested under their
 * entry), FILL activities, prices and calendar. Behaviours follow Alpaca as docs/ALPACA.md records
 * them: a client order id is unique for ever (422 40010001), open orders hold the quantity they
 * would sell (403 40310000 "insufficient qty available"), cancelling one leg of a bracket cancels the
 * other, options take market orders only in the session (422 42210000), option snapshots take at
 * most 100 symbols. A test may make the next call of an operation fail ({@link #failNext}).
 */
final class FakeBroker implements Broker {
    private final Map<String, BrokerPosition> positions = new TreeMap<>();
    private final Map<String, BrokerOrder> orders = new LinkedHashMap<>();
    private final Map<String, String> parentOfLeg = new HashMap<>();
    private final List<BrokerFill> fills = new ArrayList<>();
    private final Map<String, BigDecimal> prices = new HashMap<>();
    private final Map<String, MarketPrice> marketPrices = new HashMap<>();
    private final Map<LocalDate, MarketSession> sessions = new HashMap<>();
    private final Map<String, Deque<BrokerException>> failures = new HashMap<>();
    private final List<OrderRequest> submitted = new ArrayList<>();
    private final List<ProtectionRequest> protections = new ArrayList<>();
    private final List<String> cancelRequests = new ArrayList<>();
    private final Map<String, Integer> calls = new HashMap<>();
    /** Symbols whose price requests fail: the error, and how many more times (-1: always). */
    private final Map<String, BrokerException> priceFailures = new HashMap<>();
    private final Map<String, Integer> priceFailuresLeft = new HashMap<>();
    private final List<List<String>> priceRequests = new ArrayList<>();
    private Runnable beforeNextSubmit;
    private Instant now = Instant.parse("2026-11-20T15:00:00Z");
    private int nextId = 1;

    // --- test set-up and inspection ---

    /** The broker's clock: the time orders are placed at and the session is judged by. */
    FakeBroker at(Instant t) {
        now = t;
        return this;
    }

    /** A regular session (New York times) on {@code date}. */
    FakeBroker session(LocalDate date, LocalTime open, LocalTime close) {
        sessions.put(date, MarketSession.of(date, open, close));
        return this;
    }

    /** A last trade without a time (its age is unknown, so it is never too old). */
    FakeBroker price(String symbol, String price) {
        prices.put(symbol, new BigDecimal(price));
        marketPrices.put(symbol, MarketPrice.ofTrade(new BigDecimal(price), null));
        return this;
    }

    /** What the market shows for {@code symbol}: trade and quote, each with its time. */
    FakeBroker market(String symbol, MarketPrice price) {
        marketPrices.put(symbol, price);
        price.freshest().ifPresent(p -> prices.put(symbol, p.price()));
        return this;
    }

    /** Sets the position of {@code symbol}: signed quantity (negative: short). Zero removes it. */
    FakeBroker holding(String symbol, String signedQuantity, String avgEntry) {
        BigDecimal q = new BigDecimal(signedQuantity);
        if (q.signum() == 0) {
            positions.remove(symbol);
        } else {
            positions.put(symbol, new BrokerPosition(symbol, OccSymbol.looksLikeOcc(symbol), q, q, new BigDecimal(avgEntry),
                    prices.get(symbol)));
        }
        return this;
    }

    /** An order working at the broker (for instance a bracket's leg), with legs when it has them. */
    BrokerOrder working(String id, String clientOrderId, String symbol, OrderSide side, String type, String quantity,
                        BrokerOrder... legs) {
        BrokerOrder o = new BrokerOrder(id, clientOrderId, symbol, side, type, legs.length == 0 ? "simple" : "bracket",
                new BigDecimal(quantity), BigDecimal.ZERO, null, BrokerOrderStatus.NEW, null, List.of());
        orders.put(id, o);
        for (BrokerOrder leg : legs) {
            orders.put(leg.id(), leg);
            parentOfLeg.put(leg.id(), id);
        }
        return o;
    }

    /** A long bracket entry that filled: its stop and target legs sell {@code quantity} and are held at the broker. */
    void filledBracket(String entryId, String symbol, String quantity, String stopId, String targetId) {
        working(entryId, entryId + "-client", symbol, OrderSide.BUY, "market", quantity,
                leg(stopId, symbol, OrderSide.SELL, "stop", quantity), leg(targetId, symbol, OrderSide.SELL, "limit", quantity));
        end(entryId, "filled");
    }

    /** An order's leg, for {@link #working}. */
    static BrokerOrder leg(String id, String symbol, OrderSide side, String type, String quantity) {
        return new BrokerOrder(id, id + "-client", symbol, side, type, "bracket", new BigDecimal(quantity), BigDecimal.ZERO,
                null, BrokerOrderStatus.HELD, null, List.of());
    }

    /**
     * The order fills completely at {@code price}: a FILL activity, the order filled, the position
     * changed; a filled bracket leg cancels its sibling.
     */
    BrokerFill fill(String orderId, String price, Instant at) {
        BrokerOrder o = placed(orderId);
        BigDecimal p = new BigDecimal(price);
        orders.put(orderId, with(o, BrokerOrderStatus.FILLED, o.quantity(), p, at));
        BrokerFill f = new BrokerFill("fill-" + nextId++, orderId, o.symbol(), o.side(), o.quantity(), p, at);
        fills.add(f);
        BigDecimal held = positions.containsKey(o.symbol()) ? positions.get(o.symbol()).quantity() : BigDecimal.ZERO;
        BigDecimal signed = o.side() == OrderSide.BUY ? o.quantity() : o.quantity().negate();
        BrokerPosition before = positions.get(o.symbol());
        holding(o.symbol(), held.add(signed).toPlainString(), before == null ? price : before.avgEntryPrice().toPlainString());
        siblingsOf(orderId).forEach(s -> cancelQuietly(s));
        return f;
    }

    /**
     * The order fills {@code quantity} more at {@code price} (a partial fill while it keeps working:
     * {@code partially_filled}, or {@code filled} once all of it has): a FILL activity and the
     * position changed by that much.
     */
    BrokerFill fillPart(String orderId, String quantity, String price, Instant at) {
        BrokerOrder o = placed(orderId);
        BigDecimal q = new BigDecimal(quantity);
        BigDecimal p = new BigDecimal(price);
        BigDecimal filled = o.filledQuantity().add(q);
        BigDecimal avg = o.filledAvgPrice() == null ? p
                : o.filledAvgPrice().multiply(o.filledQuantity()).add(p.multiply(q)).divide(filled, 4, java.math.RoundingMode.HALF_EVEN);
        boolean all = filled.compareTo(o.quantity()) >= 0;
        orders.put(orderId, with(o, all ? BrokerOrderStatus.FILLED : BrokerOrderStatus.PARTIALLY_FILLED, filled, avg, at));
        BrokerFill f = new BrokerFill("fill-" + nextId++, orderId, o.symbol(), o.side(), q, p, at);
        fills.add(f);
        BrokerPosition before = positions.get(o.symbol());
        BigDecimal held = before == null ? BigDecimal.ZERO : before.quantity();
        BigDecimal signed = o.side() == OrderSide.BUY ? q : q.negate();
        holding(o.symbol(), held.add(signed).toPlainString(), before == null ? price : before.avgEntryPrice().toPlainString());
        return f;
    }

    /**
     * Alpaca publishes a FILL activity late at times ("observed, not documented": docs/ALPACA.md, "FILL
     * activities"): the order and the position already show the fill, the activities do not yet.
     */
    synchronized void withhold(BrokerFill fill) {
        fills.remove(fill);
    }

    /** The withheld activity is published. */
    synchronized void publish(BrokerFill fill) {
        fills.add(fill);
    }

    /** An order ends without filling ({@code canceled}, {@code expired}, ...). */
    void end(String orderId, String status) {
        BrokerOrder o = placed(orderId);
        orders.put(orderId, with(o, BrokerOrderStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT)), o.filledQuantity(),
                o.filledAvgPrice(), o.filledAt()));
    }

    /** Runs {@code meanwhile} when the next submit reaches the broker (e.g. another delivery's identical order landing first). */
    void beforeNextSubmit(Runnable meanwhile) {
        beforeNextSubmit = meanwhile;
    }

    /** The next call of {@code operation} (a method name of {@link Broker}) fails with this error. */
    synchronized FakeBroker failNext(String operation, BrokerFailure failure, int httpStatus, Integer code, String message) {
        failures.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(new BrokerException(failure, httpStatus, code, message));
        return this;
    }

    /**
     * Every price request whose symbols include {@code symbol} fails with this error, {@code times}
     * times (-1: always): a request fails by what it holds, whichever thread sends it.
     */
    synchronized FakeBroker failPricesWith(String symbol, int times, BrokerFailure failure, int httpStatus, String message) {
        priceFailures.put(symbol, new BrokerException(failure, httpStatus, null, message));
        priceFailuresLeft.put(symbol, times);
        return this;
    }

    /** The symbols of every price request so far (stocks and options), in the order they arrived. */
    synchronized List<List<String>> priceRequests() {
        return List.copyOf(priceRequests);
    }

    /** An order as the broker holds it (the test's view; the port's {@link #order(String)} is counted). */
    BrokerOrder placed(String id) {
        BrokerOrder o = orders.get(id);
        if (o == null) {
            throw new IllegalArgumentException("no order " + id);
        }
        return o;
    }

    /** Every order submitted, accepted or not. */
    /** Every one-cancels-other pair asked for, in order. */
    List<ProtectionRequest> protections() {
        return protections;
    }

    /**
     * A pair as Alpaca nests it: the limit is the order, the stop its one leg; refused for options and
     * outside the session, like the simulator.
     */
    @Override
    public BrokerOrder protect(ProtectionRequest request) {
        protections.add(request);
        call("protect");
        if (orders.values().stream().anyMatch(o -> request.clientOrderId().equals(o.clientOrderId()))) {
            throw new BrokerException(BrokerFailure.DUPLICATE_CLIENT_ORDER_ID, 422, 40010001, "client_order_id must be unique");
        }
        if (OccSymbol.looksLikeOcc(request.symbol())) {
            throw new BrokerException(BrokerFailure.REJECTED, 422, 40010001, "order_class 'oco' is not supported for options");
        }
        String id = "order-" + nextId++;
        BrokerOrder stop = new BrokerOrder("order-" + nextId++, null, request.symbol(), request.side(), "stop", "oco",
                request.quantity(), BigDecimal.ZERO, null, BrokerOrderStatus.NEW, null, List.of());
        BrokerOrder pair = new BrokerOrder(id, request.clientOrderId(), request.symbol(), request.side(), "limit", "oco",
                request.quantity(), BigDecimal.ZERO, null, BrokerOrderStatus.NEW, null, List.of());
        orders.put(id, pair);
        orders.put(stop.id(), stop);
        parentOfLeg.put(stop.id(), id);
        return nested(pair);
    }

    List<OrderRequest> submitted() {
        return List.copyOf(submitted);
    }

    List<String> cancelRequests() {
        return List.copyOf(cancelRequests);
    }

    /** How many times an operation was called. */
    synchronized int calls(String operation) {
        return calls.getOrDefault(operation, 0);
    }

    // --- the port ---

    @Override
    public List<BrokerPosition> positions() {
        call("positions");
        return List.copyOf(positions.values());
    }

    @Override
    public Optional<BrokerPosition> position(String symbol) {
        call("position");
        return Optional.ofNullable(positions.get(symbol));
    }

    @Override
    public List<BrokerOrder> openOrders() {
        call("openOrders");
        List<BrokerOrder> open = new ArrayList<>();
        for (BrokerOrder o : orders.values()) {
            if (!parentOfLeg.containsKey(o.id())) {
                BrokerOrder nested = nested(o);
                if (!nested.isTerminal() || nested.legs().stream().anyMatch(l -> !l.isTerminal())) {
                    open.add(nested);
                }
            }
        }
        return open;
    }

    @Override
    public List<BrokerOrder> closedOrders(Collection<String> symbols, Instant after) {
        call("closedOrders");
        return orders.values().stream()
                .filter(o -> !parentOfLeg.containsKey(o.id()) && o.isTerminal() && symbols.contains(o.symbol()))
                .filter(o -> o.filledAt() == null || o.filledAt().isAfter(after))
                .map(this::nested).toList();
    }

    /** Orders carry no submission time here: every order of the symbols (a superset of what Alpaca answers). */
    @Override
    public List<BrokerOrder> ordersSince(Collection<String> symbols, Instant after) {
        call("ordersSince");
        return orders.values().stream().filter(o -> !parentOfLeg.containsKey(o.id()) && symbols.contains(o.symbol()))
                .map(this::nested).toList();
    }

    @Override
    public Optional<BrokerOrder> orderByClientId(String clientOrderId) {
        call("orderByClientId");
        return orders.values().stream().filter(o -> clientOrderId.equals(o.clientOrderId())).findFirst().map(this::nested);
    }

    @Override
    public Optional<BrokerOrder> order(String orderId) {
        call("order");
        return Optional.ofNullable(orders.get(orderId)).map(this::nested);
    }

    @Override
    public BrokerOrder submit(OrderRequest request) {
        if (beforeNextSubmit != null) {
            Runnable meanwhile = beforeNextSubmit;
            beforeNextSubmit = null;
            meanwhile.run();
        }
        submitted.add(request);
        call("submit");
        if (orders.values().stream().anyMatch(o -> request.clientOrderId().equals(o.clientOrderId()))) {
            throw new BrokerException(BrokerFailure.DUPLICATE_CLIENT_ORDER_ID, 422, 40010001, "client_order_id must be unique");
        }
        if (OccSymbol.looksLikeOcc(request.symbol())
                && !Optional.ofNullable(sessions.get(MarketSession.tradingDate(now))).map(s -> s.isOpenAt(now)).orElse(false)) {
            throw new BrokerException(BrokerFailure.MARKET_CLOSED, 422, 42210000,
                    "options market orders are only allowed during market hours");
        }
        BrokerPosition held = positions.get(request.symbol());
        boolean reduces = held != null && (held.quantity().signum() > 0) == (request.side() == OrderSide.SELL);
        if (reduces) {
            BigDecimal available = held.size().subtract(heldForOrders(request.symbol(), request.side()));
            if (request.quantity().compareTo(available) > 0) {
                throw new BrokerException(BrokerFailure.INSUFFICIENT_QTY, 403, 40310000, "insufficient qty available for order "
                        + "(requested: " + request.quantity().toPlainString() + ", available: " + available.toPlainString() + ")");
            }
        }
        String id = "order-" + nextId++;
        BrokerOrder o = new BrokerOrder(id, request.clientOrderId(), request.symbol(), request.side(), "market", "simple",
                request.quantity(), BigDecimal.ZERO, null, BrokerOrderStatus.NEW, null, List.of());
        orders.put(id, o);
        return o;
    }

    @Override
    public boolean cancel(String orderId) {
        cancelRequests.add(orderId);
        call("cancel");
        BrokerOrder o = orders.get(orderId);
        if (o == null || o.isTerminal()) {
            return false; // 404 or 422 "not cancelable": it holds nothing
        }
        cancelQuietly(orderId);
        siblingsOf(orderId).forEach(this::cancelQuietly);
        return true;
    }

    @Override
    public List<BrokerFill> fills(Instant after, Instant until) {
        call("fills");
        return fills.stream()
                .filter(f -> f.transactionTime().isAfter(after) && (until == null || !f.transactionTime().isAfter(until)))
                .sorted(Comparator.comparing(BrokerFill::transactionTime)).toList();
    }

    @Override
    public Map<String, MarketPrice> stockMarketPrices(Collection<String> symbols) {
        call("stockPrices");
        return pricesOf(symbols);
    }

    @Override
    public Map<String, MarketPrice> optionMarketPrices(Collection<String> occSymbols) {
        call("optionPrices");
        if (occSymbols.size() > 100) {
            throw new BrokerException(BrokerFailure.REJECTED, 400, null, "too many symbols: at most 100");
        }
        return pricesOf(occSymbols);
    }

    @Override
    public Optional<MarketSession> session(LocalDate date) {
        call("session");
        return Optional.ofNullable(sessions.get(date));
    }

    // --- inside ---

    private synchronized void call(String operation) {
        calls.merge(operation, 1, Integer::sum);
        Deque<BrokerException> queued = failures.get(operation);
        if (queued != null && !queued.isEmpty()) {
            throw queued.poll();
        }
    }

    private synchronized Map<String, MarketPrice> pricesOf(Collection<String> symbols) {
        priceRequests.add(List.copyOf(symbols));
        for (String s : symbols) {
            Integer left = priceFailuresLeft.get(s);
            if (left != null && left != 0) {
                priceFailuresLeft.put(s, left < 0 ? left : left - 1);
                throw priceFailures.get(s);
            }
        }
        Map<String, MarketPrice> out = new HashMap<>();
        symbols.forEach(s -> {
            if (marketPrices.containsKey(s)) {
                out.put(s, marketPrices.get(s));
            }
        });
        return out;
    }

    private BigDecimal heldForOrders(String symbol, OrderSide side) {
        return orders.values().stream().filter(o -> o.symbol().equals(symbol) && o.side() == side && !o.isTerminal())
                .map(o -> o.quantity().subtract(o.filledQuantity())).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private List<String> siblingsOf(String legId) {
        String parent = parentOfLeg.get(legId);
        if (parent == null) {
            return List.of();
        }
        return parentOfLeg.entrySet().stream().filter(e -> e.getValue().equals(parent) && !e.getKey().equals(legId))
                .map(Map.Entry::getKey).toList();
    }

    private void cancelQuietly(String id) {
        BrokerOrder o = orders.get(id);
        if (o != null && !o.isTerminal()) {
            orders.put(id, with(o, BrokerOrderStatus.CANCELED, o.filledQuantity(), o.filledAvgPrice(), o.filledAt()));
        }
    }

    private BrokerOrder nested(BrokerOrder o) {
        List<BrokerOrder> legs = parentOfLeg.entrySet().stream().filter(e -> e.getValue().equals(o.id()))
                .map(e -> orders.get(e.getKey())).toList();
        return legs.isEmpty() ? o : new BrokerOrder(o.id(), o.clientOrderId(), o.symbol(), o.side(), o.type(), o.orderClass(),
                o.quantity(), o.filledQuantity(), o.filledAvgPrice(), o.status(), o.filledAt(), legs);
    }

    private static BrokerOrder with(BrokerOrder o, BrokerOrderStatus status, BigDecimal filled, BigDecimal avg, Instant filledAt) {
        return new BrokerOrder(o.id(), o.clientOrderId(), o.symbol(), o.side(), o.type(), o.orderClass(), o.quantity(), filled,
                avg, status, filledAt, o.legs());
    }
}
