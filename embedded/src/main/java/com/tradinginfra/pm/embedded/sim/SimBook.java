package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.tradinginfra.pm.domain.OccSymbol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The simulator's state and matching engine: accounts with positions, orders and fills, shared
 * prices and the clock. Not thread-safe: {@link AlpacaSimulator} calls it under its one lock.
 */
final class SimBook {
    static final Set<String> TERMINAL = Set.of("filled", "canceled", "expired", "rejected", "replaced");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final DateTimeFormatter ACTIVITY_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    final NyseCalendar calendar = new NyseCalendar();
    final SimFaults faults;
    Instant now;
    /** Last order stamp handed out: submission times are unique and increasing, like Alpaca's microsecond stamps. */
    private Instant lastStamp = Instant.EPOCH;

    final Map<String, Account> accountsByName = new LinkedHashMap<>();
    final Map<String, Account> accountsByKey = new HashMap<>();
    final Map<String, BigDecimal> prices = new HashMap<>();
    final Map<String, Instant> priceTimes = new HashMap<>();
    final Map<String, BigDecimal> previousCloses = new HashMap<>();
    final Map<String, BigDecimal[]> quotes = new HashMap<>();
    final Map<String, BigDecimal> partialNext = new HashMap<>();

    /** Seed of the order and activity ids, or null: random UUIDs, as Alpaca's look. */
    private Long idSeed;
    private long idsIssued;

    SimBook(Instant now, SimFaults faults) {
        this.now = now;
        this.faults = faults;
    }

    /** From now on ids come from a sequence named by {@code seed}: a run repeating its requests repeats its ids. */
    void seedIds(long seed) {
        idSeed = seed;
        idsIssued = 0;
    }

    private String newId() {
        return idSeed == null ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(("id:" + idSeed + ":" + ++idsIssued).getBytes(StandardCharsets.UTF_8)).toString();
    }

    // ------------------------------------------------------------------ model

    static final class Account {
        final String name;
        final String keyId;
        final String secret;
        final String id;
        final Map<String, Pos> positions = new LinkedHashMap<>();
        /** Every order, legs included, in creation order. */
        final List<Ord> orders = new ArrayList<>();
        final Map<String, Ord> byId = new HashMap<>();
        final Map<String, Ord> byClientId = new HashMap<>();
        final List<Fil> fills = new ArrayList<>();
        /** OPEXP, OPEXC and OPASN activities, oldest first. */
        final List<JsonObject> nonTradeActivities = new ArrayList<>();

        Account(String name) {
            this.name = name;
            this.keyId = "KEY-" + name;
            this.secret = "SECRET-" + name;
            this.id = UUID.nameUUIDFromBytes(("account:" + name).getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    static final class Pos {
        final String symbol;
        final boolean option;
        BigDecimal qty;
        BigDecimal avg;

        Pos(String symbol) {
            this.symbol = symbol;
            this.option = isOption(symbol);
            this.qty = BigDecimal.ZERO;
            this.avg = BigDecimal.ZERO;
        }
    }

    static final class Ord {
        String id;
        String clientOrderId;
        String symbol;
        boolean option;
        String side;
        String type;
        String tif;
        String orderClass; // "" for simple
        BigDecimal qty;
        BigDecimal filledQty = BigDecimal.ZERO;
        BigDecimal filledAvg;
        BigDecimal limitPrice;
        BigDecimal stopPrice;
        String status;
        Instant createdAt;
        Instant updatedAt;
        Instant filledAt;
        Instant canceledAt;
        Instant expiredAt;
        Ord parent;
        final List<Ord> legs = new ArrayList<>();
        /** Set once the order has been looked at while the market was open (later fills of limits use the limit). */
        boolean evaluated;

        boolean terminal() {
            return TERMINAL.contains(status);
        }

        /** Working at the market: neither final nor a bracket leg waiting for its entry. */
        boolean active() {
            return !terminal() && !"held".equals(status);
        }

        BigDecimal remaining() {
            return qty.subtract(filledQty);
        }
    }

    static final class Fil {
        String id;
        String orderId;
        String symbol;
        String side;
        BigDecimal qty;
        BigDecimal price;
        Instant time;
        String type;
        BigDecimal cumQty;
        BigDecimal leavesQty;
        String orderStatus;
    }

    static boolean isOption(String symbol) {
        return OccSymbol.looksLikeOcc(symbol);
    }

    Account account(String name) {
        return accountsByName.computeIfAbsent(name, n -> {
            Account a = new Account(n);
            accountsByKey.put(a.keyId, a);
            return a;
        });
    }

    Account requireAccount(String name) {
        Account a = accountsByName.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no simulated account '" + name + "'");
        }
        return a;
    }

    private Instant stamp() {
        Instant s = now.isAfter(lastStamp) ? now : lastStamp.plus(1, ChronoUnit.MICROS);
        lastStamp = s;
        return s;
    }

    boolean isOpen() {
        return calendar.isOpen(now);
    }

    // ------------------------------------------------------------------ clock

    /** Moves the clock forward, filling queued orders at each open and expiring day orders at each close. */
    void advanceTo(Instant target) {
        while (true) {
            Instant open = calendar.nextOpen(now, false);
            Instant close = calendar.nextClose(now, false);
            Instant next = open.isBefore(close) ? open : close;
            if (next.isAfter(target)) {
                break;
            }
            now = next;
            if (next.equals(open)) {
                matchAll(null);
            } else {
                expireDayOrders();
                expireOptions();
            }
        }
        now = target;
        matchAll(null);
    }

    private void expireDayOrders() {
        for (Account a : accountsByName.values()) {
            for (Ord o : a.orders) {
                if (!o.terminal() && "day".equals(o.tif)) {
                    o.status = "expired";
                    o.expiredAt = now;
                    o.updatedAt = now;
                }
            }
        }
    }

    /**
     * At the close of an expiry date the contract goes away: out of the money it expires worthless
     * (OPEXP), in the money (by the underlying's last price, at least $0.01) a long is exercised
     * (OPEXC) and a short assigned (OPASN) into 100 shares a contract at the strike. None of these is
     * a FILL activity, as at Alpaca.
     */
    private void expireOptions() {
        java.time.LocalDate today = now.atZone(NyseCalendar.NEW_YORK).toLocalDate();
        for (Account a : accountsByName.values()) {
            for (Pos p : new ArrayList<>(a.positions.values())) {
                if (!p.option) {
                    continue;
                }
                OccSymbol occ = OccSymbol.parse(p.symbol);
                if (!occ.expiry().equals(today)) {
                    continue;
                }
                BigDecimal underlying = prices.get(occ.root());
                BigDecimal intrinsic = underlying == null ? BigDecimal.ZERO
                        : occ.type() == com.tradinginfra.pm.domain.InstrumentType.CALL
                        ? underlying.subtract(occ.strike()) : occ.strike().subtract(underlying);
                boolean itm = intrinsic.compareTo(new BigDecimal("0.01")) >= 0;
                a.positions.remove(p.symbol);
                String type = !itm ? "OPEXP" : p.qty.signum() > 0 ? "OPEXC" : "OPASN";
                if (itm) {
                    // long call / short put end up buying the shares; long put / short call selling them
                    boolean buysShares = (occ.type() == com.tradinginfra.pm.domain.InstrumentType.CALL) == (p.qty.signum() > 0);
                    BigDecimal shares = p.qty.abs().multiply(HUNDRED);
                    Pos stock = a.positions.computeIfAbsent(occ.root(), Pos::new);
                    BigDecimal signed = buysShares ? shares : shares.negate();
                    BigDecimal after = stock.qty.add(signed);
                    if (stock.qty.signum() == 0 || stock.qty.signum() == signed.signum()) {
                        stock.avg = stock.qty.abs().multiply(stock.avg).add(shares.multiply(occ.strike()))
                                .divide(after.abs(), 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
                    } else if (after.signum() != 0 && after.signum() != stock.qty.signum()) {
                        stock.avg = occ.strike();
                    }
                    stock.qty = after;
                    if (after.signum() == 0) {
                        a.positions.remove(occ.root());
                    }
                }
                JsonObject activity = new JsonObject();
                activity.addProperty("id", ACTIVITY_STAMP.format(now.atZone(NyseCalendar.NEW_YORK)) + "::" + newId());
                activity.addProperty("activity_type", type);
                activity.addProperty("date", today.toString());
                activity.addProperty("net_amount", "0");
                activity.addProperty("symbol", p.symbol);
                activity.addProperty("qty", plain(p.qty.negate()));
                activity.addProperty("status", "executed");
                activity.addProperty("description", type.equals("OPEXP") ? "Option Expiry"
                        : type.equals("OPEXC") ? "Option Exercise" : "Option Assignment");
                a.nonTradeActivities.add(activity);
            }
        }
    }

    // ------------------------------------------------------------------ prices and matching

    void setPrice(String symbol, BigDecimal price) {
        prices.put(symbol, price);
        priceTimes.put(symbol, now);
        matchAll(symbol);
    }

    void matchAll(String symbol) {
        for (Account a : accountsByName.values()) {
            match(a, symbol);
        }
    }

    /** One matching pass: each working order is looked at once (so a partial fill's rest waits for the next event). */
    void match(Account a, String symbol) {
        if (!isOpen()) {
            return;
        }
        for (Ord o : new ArrayList<>(a.orders)) {
            if (!o.active() || (symbol != null && !symbol.equals(o.symbol))) {
                continue;
            }
            BigDecimal p = prices.get(o.symbol);
            if (p == null) {
                continue; // no price yet: the order waits, as it would for a halted symbol
            }
            boolean arrival = !o.evaluated;
            o.evaluated = true;
            boolean buy = "buy".equals(o.side);
            BigDecimal fillPrice = switch (o.type) {
                case "market" -> p;
                case "limit" -> (buy ? p.compareTo(o.limitPrice) <= 0 : p.compareTo(o.limitPrice) >= 0)
                        // marketable on arrival: the current price; reached later: the limit
                        ? (arrival ? p : o.limitPrice) : null;
                case "stop" -> (buy ? p.compareTo(o.stopPrice) >= 0 : p.compareTo(o.stopPrice) <= 0)
                        ? p : null; // a triggered stop is a market order: the current price
                default -> null;
            };
            if (fillPrice == null || !o.active()) {
                continue;
            }
            BigDecimal qty = o.remaining();
            BigDecimal partial = partialNext.get(o.symbol);
            if (partial != null) {
                partialNext.remove(o.symbol);
                if (partial.compareTo(qty) < 0) {
                    qty = partial;
                }
            }
            applyFill(a, o, qty, fillPrice);
        }
    }

    void applyFill(Account a, Ord o, BigDecimal qty, BigDecimal price) {
        Pos pos = a.positions.computeIfAbsent(o.symbol, Pos::new);
        BigDecimal before = pos.qty;
        BigDecimal signed = "buy".equals(o.side) ? qty : qty.negate();
        BigDecimal after = before.add(signed);
        if (before.signum() == 0 || before.signum() == signed.signum()) {
            pos.avg = before.abs().multiply(pos.avg).add(qty.multiply(price))
                    .divide(after.abs(), 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
        } else if (after.signum() != 0 && after.signum() != before.signum()) {
            pos.avg = price; // crossed through zero: the remainder opened at this price
        }
        pos.qty = after;
        if (after.signum() == 0) {
            a.positions.remove(o.symbol);
        }
        BigDecimal filledBefore = o.filledQty;
        o.filledQty = filledBefore.add(qty);
        o.filledAvg = (o.filledAvg == null ? BigDecimal.ZERO : o.filledAvg.multiply(filledBefore)).add(qty.multiply(price))
                .divide(o.filledQty, 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
        boolean complete = o.filledQty.compareTo(o.qty) >= 0;
        o.status = complete ? "filled" : "partially_filled";
        o.updatedAt = now;
        if (complete) {
            o.filledAt = now;
        }

        Fil f = new Fil();
        f.id = ACTIVITY_STAMP.format(now.atZone(NyseCalendar.NEW_YORK)) + "::" + newId();
        f.orderId = o.id;
        f.symbol = o.symbol;
        f.side = "buy".equals(o.side) ? "buy" : after.signum() < 0 ? "sell_short" : "sell";
        f.qty = qty;
        f.price = price;
        f.time = now;
        f.type = complete ? "fill" : "partial_fill";
        f.cumQty = o.filledQty;
        f.leavesQty = o.remaining().max(BigDecimal.ZERO);
        f.orderStatus = o.status;
        a.fills.add(f);

        // Bracket: the exit legs start working once the entry has filled completely.
        if (complete && o.parent == null && "bracket".equals(o.orderClass)) {
            for (Ord leg : o.legs) {
                if ("held".equals(leg.status)) {
                    leg.status = "new";
                    leg.updatedAt = now;
                }
            }
        }
        List<Ord> group = exitGroup(o);
        for (Ord other : group) {
            if (other == o || other.terminal()) {
                continue;
            }
            if (complete) {
                cancelOne(other); // one-cancels-other
            } else if ("stop".equals(other.type)) {
                other.qty = o.remaining().add(other.filledQty); // a partial take-profit resizes the stop
                other.updatedAt = now;
            }
        }
    }

    /** The orders of which only one may fill: the two legs of a bracket, or an OCO's limit and stop. */
    static List<Ord> exitGroup(Ord o) {
        Ord root = o.parent != null ? o.parent : o;
        if ("oco".equals(root.orderClass)) {
            List<Ord> g = new ArrayList<>();
            g.add(root);
            g.addAll(root.legs);
            return g;
        }
        if ("bracket".equals(root.orderClass) && o.parent != null) {
            return root.legs;
        }
        return List.of();
    }

    private void cancelOne(Ord o) {
        o.status = "canceled";
        o.canceledAt = now;
        o.updatedAt = now;
    }

    /** Cancels an order as {@code DELETE /v2/orders/{id}} does, with its bracket/OCO companions. */
    void cancel(Account a, String id) {
        Ord o = a.byId.get(id);
        if (o == null) {
            throw new SimApiError(404, 40410000, "order not found");
        }
        if (o.terminal()) {
            throw new SimApiError(422, 42210000, "order is not cancelable");
        }
        cancelOne(o);
        for (Ord leg : o.legs) {
            if (!leg.terminal()) {
                cancelOne(leg);
            }
        }
        for (Ord other : exitGroup(o)) {
            if (!other.terminal()) {
                cancelOne(other);
            }
        }
    }

    // ------------------------------------------------------------------ submission

    /** Shares (or contracts) of the position that working orders on the reducing side hold. */
    Held held(Account a, String symbol, String reducingSide) {
        BigDecimal total = BigDecimal.ZERO;
        List<String> related = new ArrayList<>();
        for (Ord o : a.orders) {
            if (o.parent != null || !symbol.equals(o.symbol)) {
                continue;
            }
            // An exit group holds the quantity once, however many of its orders work.
            List<Ord> candidates = "bracket".equals(o.orderClass) ? o.legs
                    : "oco".equals(o.orderClass) ? exitGroup(o) : List.of(o);
            BigDecimal max = BigDecimal.ZERO;
            for (Ord c : candidates) {
                if (c.active() && reducingSide.equals(c.side)) {
                    max = max.max(c.remaining());
                    related.add(c.id);
                }
            }
            total = total.add(max);
        }
        return new Held(total, related);
    }

    record Held(BigDecimal qty, List<String> orderIds) {
    }

    Ord submit(Account a, JsonObject body) {
        String clientOrderId = str(body, "client_order_id");
        if (clientOrderId != null && clientOrderId.length() > 128) {
            throw SimApiError.invalid("client_order_id must be no more than 128 characters");
        }
        if (clientOrderId != null && a.byClientId.containsKey(clientOrderId)) {
            throw new SimApiError(422, 40010001, "client_order_id must be unique");
        }
        String symbol = str(body, "symbol");
        if (symbol == null || symbol.isBlank()) {
            throw SimApiError.invalid("symbol is required");
        }
        symbol = symbol.trim().toUpperCase(Locale.ROOT);
        boolean option = isOption(symbol);
        if (str(body, "notional") != null) {
            throw SimApiError.invalid("notional orders are not supported by the simulator; use qty");
        }
        BigDecimal qty = dec(body, "qty");
        if (qty == null) {
            throw SimApiError.invalid("qty is required");
        }
        if (qty.signum() <= 0) {
            throw SimApiError.invalid("qty must be > 0");
        }
        String side = lower(str(body, "side"));
        if (!"buy".equals(side) && !"sell".equals(side)) {
            throw SimApiError.invalid("side must be buy or sell, was '" + str(body, "side") + "'");
        }
        String type = lower(str(body, "type"));
        if (type == null) {
            type = lower(str(body, "order_type"));
        }
        if (type == null) {
            throw SimApiError.invalid("type is required");
        }
        if (!Set.of("market", "limit", "stop", "stop_limit", "trailing_stop").contains(type)) {
            throw SimApiError.invalid("type '" + type + "' is invalid");
        }
        String tif = lower(str(body, "time_in_force"));
        if (tif == null) {
            throw SimApiError.invalid("time_in_force is required");
        }
        if (!Set.of("day", "gtc", "opg", "cls", "ioc", "fok").contains(tif)) {
            throw SimApiError.invalid("time_in_force '" + tif + "' is invalid");
        }
        String orderClass = lower(str(body, "order_class"));
        if (orderClass == null || orderClass.equals("simple")) {
            orderClass = "";
        }
        if (!Set.of("", "bracket", "oco", "oto").contains(orderClass)) {
            throw SimApiError.invalid("order_class '" + orderClass + "' is invalid");
        }
        if (Boolean.TRUE.equals(bool(body, "extended_hours"))) {
            throw SimApiError.invalid("extended_hours is not supported by the simulator");
        }
        if (option) {
            if (!orderClass.isEmpty()) {
                throw SimApiError.invalid("order_class '" + orderClass + "' is not supported for options");
            }
            if (!type.equals("market") && !type.equals("limit")) {
                throw SimApiError.invalid("type '" + type + "' is not supported for options");
            }
            if (!tif.equals("day")) {
                throw SimApiError.invalid("time_in_force must be day for options");
            }
            if (qty.stripTrailingZeros().scale() > 0) {
                throw SimApiError.invalid("qty must be a whole number for options");
            }
        }
        if (type.equals("stop_limit") || type.equals("trailing_stop") || orderClass.equals("oto")
                || !Set.of("day", "gtc").contains(tif)) {
            throw SimApiError.invalid("the simulator supports market, limit and stop orders, day or gtc, simple, bracket or oco;"
                    + " not type '" + type + "', time_in_force '" + tif + "', order_class '" + orderClass + "'");
        }
        if (qty.stripTrailingZeros().scale() > 0 && !(type.equals("market") && tif.equals("day") && orderClass.isEmpty())) {
            throw SimApiError.invalid("fractional orders must be simple market day orders");
        }
        BigDecimal limit = dec(body, "limit_price");
        BigDecimal stop = dec(body, "stop_price");
        BigDecimal takeProfit = nestedDec(body, "take_profit", "limit_price");
        BigDecimal stopLoss = nestedDec(body, "stop_loss", "stop_price");
        if (type.equals("limit") && limit == null && !(orderClass.equals("oco") && takeProfit != null)) {
            throw SimApiError.invalid("limit_price is required for limit orders");
        }
        if (type.equals("stop") && stop == null) {
            throw SimApiError.invalid("stop_price is required for stop orders");
        }
        positive(limit, "limit_price");
        positive(stop, "stop_price");
        if (orderClass.equals("bracket") || orderClass.equals("oco")) {
            if (takeProfit == null) {
                throw SimApiError.invalid("take_profit.limit_price is required for " + orderClass + " orders");
            }
            if (stopLoss == null) {
                throw SimApiError.invalid("stop_loss.stop_price is required for " + orderClass + " orders");
            }
            positive(takeProfit, "take_profit.limit_price");
            positive(stopLoss, "stop_loss.stop_price");
            // The exit side: a bracket's legs sell what a buy entry bought; an OCO's orders are on its own side.
            String exitSide = orderClass.equals("bracket") ? opposite(side) : side;
            boolean exitSells = exitSide.equals("sell");
            if (exitSells ? takeProfit.compareTo(stopLoss) <= 0 : takeProfit.compareTo(stopLoss) >= 0) {
                throw SimApiError.invalid("take_profit.limit_price must be " + (exitSells ? ">" : "<")
                        + " stop_loss.stop_price");
            }
        }
        if (orderClass.equals("bracket") && !type.equals("market") && !type.equals("limit")) {
            throw SimApiError.invalid("bracket orders must have a market or limit entry");
        }
        if (orderClass.equals("oco") && !type.equals("limit")) {
            throw SimApiError.invalid("oco orders must be of type limit");
        }
        if (option && type.equals("market") && !isOpen()) {
            throw new SimApiError(422, 42210000, "options market orders are only allowed during market hours");
        }
        if (faults.patternDayTrading()) {
            throw new SimApiError(403, 40310100, "trade denied due to pattern day trading protection");
        }
        checkPosition(a, symbol, side, qty);

        Ord o = newOrder(a, symbol, side, type, tif, orderClass, qty, clientOrderId);
        o.limitPrice = type.equals("limit") ? (limit != null ? limit : takeProfit) : null;
        o.stopPrice = type.equals("stop") ? stop : null;
        if (orderClass.equals("bracket")) {
            Ord tp = newOrder(a, symbol, opposite(side), "limit", tif, orderClass, qty, null);
            tp.limitPrice = takeProfit;
            tp.status = "held";
            Ord sl = newOrder(a, symbol, opposite(side), "stop", tif, orderClass, qty, null);
            sl.stopPrice = stopLoss;
            sl.status = "held";
            link(o, tp, sl);
        } else if (orderClass.equals("oco")) {
            o.limitPrice = takeProfit;
            Ord sl = newOrder(a, symbol, side, "stop", tif, orderClass, qty, null);
            sl.stopPrice = stopLoss;
            link(o, sl);
        }
        match(a, symbol);
        return o;
    }

    /** The checks that depend on the position: buying power (switch) and quantity held by working orders. */
    void checkPosition(Account a, String symbol, String side, BigDecimal qty) {
        Pos pos = a.positions.get(symbol);
        if (pos == null) {
            return;
        }
        boolean reduces = pos.qty.signum() > 0 ? side.equals("sell") : side.equals("buy");
        if (!reduces) {
            return;
        }
        if (faults.rejectsCloseWithBuyingPower(symbol)) {
            throw new SimApiError(403, 40310000, "insufficient options buying power for cash-secured put");
        }
        Held held = held(a, symbol, side);
        BigDecimal available = pos.qty.abs().subtract(held.qty()).max(BigDecimal.ZERO);
        if (qty.compareTo(available) > 0 && held.qty().signum() > 0) {
            SimApiError e = new SimApiError(403, 40310000, "insufficient qty available for order (requested: "
                    + plain(qty) + ", available: " + plain(available) + ")");
            e.body.addProperty("available", plain(available));
            e.body.addProperty("existing_qty", plain(pos.qty.abs()));
            e.body.addProperty("held_for_orders", plain(held.qty()));
            JsonArray related = new JsonArray();
            held.orderIds().forEach(related::add);
            e.body.add("related_orders", related);
            e.body.addProperty("symbol", symbol);
            throw e;
        }
    }

    private static void link(Ord parent, Ord... legs) {
        for (Ord leg : legs) {
            leg.parent = parent;
            parent.legs.add(leg);
        }
    }

    Ord newOrder(Account a, String symbol, String side, String type, String tif, String orderClass,
                 BigDecimal qty, String clientOrderId) {
        Ord o = new Ord();
        o.id = newId();
        o.clientOrderId = clientOrderId != null ? clientOrderId : newId();
        o.symbol = symbol;
        o.option = isOption(symbol);
        o.side = side;
        o.type = type;
        o.tif = tif;
        o.orderClass = orderClass;
        o.qty = qty;
        o.createdAt = stamp();
        o.updatedAt = o.createdAt;
        o.status = isOpen() ? "new" : "accepted";
        a.orders.add(o);
        a.byId.put(o.id, o);
        a.byClientId.put(o.clientOrderId, o);
        return o;
    }

    /** {@code DELETE /v2/positions/{symbol}}: a market order for all or part of the position. */
    Ord closePosition(Account a, String symbol, BigDecimal qty, BigDecimal percentage) {
        Pos pos = a.positions.get(symbol);
        if (pos == null) {
            throw new SimApiError(404, 40410000, "position does not exist");
        }
        if (qty != null && percentage != null) {
            throw SimApiError.invalid("only one of qty or percentage may be specified");
        }
        BigDecimal size = pos.qty.abs();
        BigDecimal closeQty;
        if (qty != null) {
            if (qty.signum() <= 0) {
                throw SimApiError.invalid("qty must be > 0");
            }
            closeQty = qty;
        } else if (percentage != null) {
            if (percentage.signum() <= 0 || percentage.compareTo(HUNDRED) > 0) {
                throw SimApiError.invalid("percentage must be between 0 and 100");
            }
            closeQty = size.multiply(percentage).divide(HUNDRED, pos.option ? 0 : 9, RoundingMode.DOWN).stripTrailingZeros();
            if (closeQty.signum() == 0) {
                throw SimApiError.invalid("percentage is too small for this position");
            }
        } else {
            closeQty = size;
        }
        if (closeQty.compareTo(size) > 0) {
            throw new SimApiError(403, 40310000, "insufficient qty available for order (requested: "
                    + plain(closeQty) + ", available: " + plain(size) + ")");
        }
        JsonObject body = new JsonObject();
        body.addProperty("symbol", symbol);
        body.addProperty("qty", plain(closeQty));
        body.addProperty("side", pos.qty.signum() > 0 ? "sell" : "buy");
        body.addProperty("type", "market");
        body.addProperty("time_in_force", "day");
        return submit(a, body);
    }

    /** An order the broker (or a person) executes at once at the current price, whatever the clock says. */
    Ord executeNow(Account a, String symbol, String side, BigDecimal qty, BigDecimal price, String clientPrefix) {
        Ord o = newOrder(a, symbol, side, "market", "day", "", qty, clientPrefix + "-" + newId());
        o.evaluated = true;
        applyFill(a, o, qty, price);
        return o;
    }

    // ------------------------------------------------------------------ JSON

    static String plain(BigDecimal d) {
        return d == null ? null : d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static String assetId(String symbol) {
        return UUID.nameUUIDFromBytes(("asset:" + symbol).getBytes(StandardCharsets.UTF_8)).toString();
    }

    JsonObject orderJson(Ord o, boolean nested) {
        JsonObject j = new JsonObject();
        j.addProperty("id", o.id);
        j.addProperty("client_order_id", o.clientOrderId);
        j.addProperty("created_at", time(o.createdAt));
        j.addProperty("updated_at", time(o.updatedAt));
        j.addProperty("submitted_at", time(o.createdAt));
        j.addProperty("filled_at", time(o.filledAt));
        j.addProperty("expired_at", time(o.expiredAt));
        j.addProperty("canceled_at", time(o.canceledAt));
        j.add("failed_at", JsonNull.INSTANCE);
        j.add("replaced_at", JsonNull.INSTANCE);
        j.add("replaced_by", JsonNull.INSTANCE);
        j.add("replaces", JsonNull.INSTANCE);
        j.addProperty("asset_id", assetId(o.symbol));
        j.addProperty("symbol", o.symbol);
        j.addProperty("asset_class", o.option ? "us_option" : "us_equity");
        j.add("notional", JsonNull.INSTANCE);
        j.addProperty("qty", plain(o.qty));
        j.addProperty("filled_qty", plain(o.filledQty));
        j.addProperty("filled_avg_price", plain(o.filledAvg));
        j.addProperty("order_class", o.orderClass);
        j.addProperty("order_type", o.type);
        j.addProperty("type", o.type);
        j.addProperty("side", o.side);
        j.addProperty("time_in_force", o.tif);
        j.addProperty("limit_price", plain(o.limitPrice));
        j.addProperty("stop_price", plain(o.stopPrice));
        j.addProperty("status", o.status);
        j.addProperty("extended_hours", false);
        if (nested && !o.legs.isEmpty()) {
            JsonArray legs = new JsonArray();
            for (Ord leg : o.legs) {
                legs.add(orderJson(leg, true));
            }
            j.add("legs", legs);
        } else {
            j.add("legs", JsonNull.INSTANCE);
        }
        j.add("trail_percent", JsonNull.INSTANCE);
        j.add("trail_price", JsonNull.INSTANCE);
        j.add("hwm", JsonNull.INSTANCE);
        return j;
    }

    BigDecimal qtyAvailable(Account a, Pos p) {
        String reducing = p.qty.signum() > 0 ? "sell" : "buy";
        BigDecimal size = p.qty.abs().subtract(held(a, p.symbol, reducing).qty()).max(BigDecimal.ZERO);
        return p.qty.signum() < 0 ? size.negate() : size;
    }

    JsonObject positionJson(Account a, Pos p) {
        BigDecimal multiplier = p.option ? HUNDRED : BigDecimal.ONE;
        BigDecimal current = prices.getOrDefault(p.symbol, p.avg);
        BigDecimal lastday = previousCloses.getOrDefault(p.symbol, current);
        BigDecimal marketValue = p.qty.multiply(current).multiply(multiplier);
        BigDecimal costBasis = p.qty.multiply(p.avg).multiply(multiplier);
        BigDecimal pl = marketValue.subtract(costBasis);
        BigDecimal intraday = p.qty.multiply(current.subtract(lastday)).multiply(multiplier);
        JsonObject j = new JsonObject();
        j.addProperty("asset_id", assetId(p.symbol));
        j.addProperty("symbol", p.symbol);
        j.addProperty("exchange", p.option ? "" : "NASDAQ");
        j.addProperty("asset_class", p.option ? "us_option" : "us_equity");
        j.addProperty("asset_marginable", !p.option);
        j.addProperty("avg_entry_price", plain(p.avg));
        j.addProperty("qty", plain(p.qty));
        j.addProperty("qty_available", plain(qtyAvailable(a, p)));
        j.addProperty("side", p.qty.signum() < 0 ? "short" : "long");
        j.addProperty("market_value", plain(marketValue));
        j.addProperty("cost_basis", plain(costBasis));
        j.addProperty("unrealized_pl", plain(pl));
        j.addProperty("unrealized_plpc", plain(ratio(pl, costBasis.abs())));
        j.addProperty("unrealized_intraday_pl", plain(intraday));
        j.addProperty("unrealized_intraday_plpc", plain(ratio(intraday, p.qty.multiply(lastday).multiply(multiplier).abs())));
        j.addProperty("current_price", plain(current));
        j.addProperty("lastday_price", plain(lastday));
        j.addProperty("change_today", plain(ratio(current.subtract(lastday), lastday)));
        return j;
    }

    private static BigDecimal ratio(BigDecimal num, BigDecimal den) {
        return den.signum() == 0 ? BigDecimal.ZERO : num.divide(den, 10, RoundingMode.HALF_EVEN);
    }

    static JsonObject fillJson(Fil f) {
        JsonObject j = new JsonObject();
        j.addProperty("id", f.id);
        j.addProperty("activity_type", "FILL");
        j.addProperty("transaction_time", time(f.time));
        j.addProperty("type", f.type);
        j.addProperty("price", plain(f.price));
        j.addProperty("qty", plain(f.qty));
        j.addProperty("side", f.side);
        j.addProperty("symbol", f.symbol);
        j.addProperty("leaves_qty", plain(f.leavesQty));
        j.addProperty("order_id", f.orderId);
        j.addProperty("cum_qty", plain(f.cumQty));
        j.addProperty("order_status", f.orderStatus);
        return j;
    }

    // ------------------------------------------------------------------ request JSON helpers

    static String opposite(String side) {
        return "buy".equals(side) ? "sell" : "buy";
    }

    private static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    static String str(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static Boolean bool(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : e.getAsBoolean();
    }

    static BigDecimal dec(JsonObject o, String field) {
        String s = str(o, field);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw SimApiError.invalid(field + " '" + s + "' is not a number");
        }
    }

    private static BigDecimal nestedDec(JsonObject o, String object, String field) {
        JsonElement e = o.get(object);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonObject()) {
            throw SimApiError.invalid(object + " must be an object");
        }
        try {
            return dec(e.getAsJsonObject(), field);
        } catch (SimApiError err) {
            throw SimApiError.invalid(object + "." + err.getMessage());
        }
    }

    private static void positive(BigDecimal d, String field) {
        if (d != null && d.signum() <= 0) {
            throw SimApiError.invalid(field + " must be > 0");
        }
    }
}
