package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;
import com.tradinginfra.pm.domain.InstrumentType;
import com.tradinginfra.pm.domain.OccSymbol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The order book of every simulated account: positions, orders, matching against the market's
 * prices, fills, cancels, the session's opens and closes, option expiry. Not thread-safe:
 * {@link AlpacaSimulator} calls it under its one lock.
 */
final class SimBook {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final DateTimeFormatter ACTIVITY_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    private final SimClock clock;
    private final SimMarket market;
    private final SimFaults faults;
    private final Map<String, SimAccount> accounts = new LinkedHashMap<>();
    private final Map<String, BigDecimal> partialNext = new HashMap<>();
    /**
     * How long after the request the venue confirms a cancel (zero: at the next clock advance); null,
     * the default, confirms at once, as the simulator always did, because tests written against
     * synchronous cancels still rely on it (see {@link AlpacaSimulator#cancelDelay}).
     */
    private Duration cancelDelay;

    /** Seed of the order and activity ids, or null: random UUIDs, as Alpaca's look. */
    private Long idSeed;
    private long idsIssued;

    SimBook(SimClock clock, SimMarket market, SimFaults faults) {
        this.clock = clock;
        this.market = market;
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

    // ------------------------------------------------------------------ accounts

    SimAccount account(String name) {
        return accounts.computeIfAbsent(name, SimAccount::new);
    }

    Optional<SimAccount> findAccount(String name) {
        return Optional.ofNullable(accounts.get(name));
    }

    SimAccount requireAccount(String name) {
        return findAccount(name).orElseThrow(() -> new IllegalArgumentException("no simulated account '" + name + "'"));
    }

    /** The account these credentials open, if any. */
    Optional<SimAccount> authenticate(String keyId, String secret) {
        return accounts.values().stream().filter(a -> a.authenticates(keyId, secret)).findFirst();
    }

    // ------------------------------------------------------------------ clock

    /** Catches up with the wall clock when the clock runs. */
    void catchUp() {
        clock.wallTarget().ifPresent(this::advanceTo);
    }

    /** Moves the clock forward, filling queued orders at each open and expiring day orders at each close. */
    void advanceTo(Instant target) {
        while (true) {
            Instant open = clock.nextOpen();
            Instant close = clock.nextClose();
            Instant next = open.isBefore(close) ? open : close;
            if (next.isAfter(target)) {
                break;
            }
            clock.set(next);
            if (next.equals(open)) {
                routeAccepted();
                matchAll(null);
            } else {
                expireDayOrders();
                expireOptions();
            }
        }
        clock.set(target);
        confirmCancels(false);
        matchAll(null);
    }

    /** Sets the clock back (nothing on the way is undone), then matches at the new time. */
    void setBack(Instant time) {
        clock.set(time);
        matchAll(null);
    }

    private void routeAccepted() {
        for (SimAccount a : accounts.values()) {
            for (SimOrder o : a.orders()) {
                o.route(clock.now());
            }
        }
    }

    private void expireDayOrders() {
        for (SimAccount a : accounts.values()) {
            for (SimOrder o : a.orders()) {
                if (!o.terminal() && "day".equals(o.tif)) {
                    o.expire(clock.now());
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
        LocalDate today = clock.now().atZone(NyseCalendar.NEW_YORK).toLocalDate();
        for (SimAccount a : accounts.values()) {
            for (SimPosition p : a.positions()) {
                if (!p.option) {
                    continue;
                }
                OccSymbol occ = OccSymbol.parse(p.symbol);
                if (!occ.expiry().equals(today)) {
                    continue;
                }
                BigDecimal underlying = market.lastPrice(occ.root()).orElse(null);
                BigDecimal intrinsic = underlying == null ? BigDecimal.ZERO
                        : occ.type() == InstrumentType.CALL ? underlying.subtract(occ.strike()) : occ.strike().subtract(underlying);
                boolean itm = intrinsic.compareTo(new BigDecimal("0.01")) >= 0;
                a.removePosition(p.symbol);
                String type = !itm ? "OPEXP" : p.qty().signum() > 0 ? "OPEXC" : "OPASN";
                if (itm) {
                    // long call / short put end up buying the shares; long put / short call selling them
                    boolean buysShares = (occ.type() == InstrumentType.CALL) == (p.qty().signum() > 0);
                    BigDecimal shares = p.qty().abs().multiply(HUNDRED);
                    SimPosition stock = a.positionOrNew(occ.root());
                    stock.add(buysShares ? shares : shares.negate(), occ.strike());
                    a.dropIfFlat(stock);
                }
                a.addNonTradeActivity(optionActivity(type, today, p));
            }
        }
    }

    private JsonObject optionActivity(String type, LocalDate today, SimPosition p) {
        JsonObject activity = new JsonObject();
        activity.addProperty("id", activityId());
        activity.addProperty("activity_type", type);
        activity.addProperty("date", today.toString());
        activity.addProperty("net_amount", "0");
        activity.addProperty("symbol", p.symbol);
        activity.addProperty("qty", SimJson.plain(p.qty().negate()));
        activity.addProperty("status", "executed");
        activity.addProperty("description", type.equals("OPEXP") ? "Option Expiry"
                : type.equals("OPEXC") ? "Option Exercise" : "Option Assignment");
        return activity;
    }

    private String activityId() {
        return ACTIVITY_STAMP.format(clock.now().atZone(NyseCalendar.NEW_YORK)) + "::" + newId();
    }

    // ------------------------------------------------------------------ prices and matching

    /** A trade at the current time: the price orders on the symbol are matched against. */
    void setPrice(String symbol, BigDecimal price) {
        trade(symbol, price, clock.now());
    }

    /** A trade printed at {@code at}; as the last trade it is what orders on the symbol match against. */
    void trade(String symbol, BigDecimal price, Instant at) {
        market.trade(symbol, price, at);
        matchAll(symbol);
    }

    /** The next fill of {@code symbol} (any account) fills only {@code qty}. */
    void partialFillNext(String symbol, BigDecimal qty) {
        partialNext.put(symbol, qty);
    }

    void matchAll(String symbol) {
        for (SimAccount a : accounts.values()) {
            match(a, symbol);
        }
    }

    /** One matching pass: each working order is looked at once (so a partial fill's rest waits for the next event). */
    void match(SimAccount a, String symbol) {
        if (!clock.isOpen()) {
            return;
        }
        for (SimOrder o : new ArrayList<>(a.orders())) {
            if (!o.active() || (symbol != null && !symbol.equals(o.symbol))) {
                continue;
            }
            BigDecimal p = market.lastPrice(o.symbol).orElse(null);
            if (p == null) {
                continue; // no price yet: the order waits, as it would for a halted symbol
            }
            boolean arrival = o.arrive();
            BigDecimal fillPrice = fillPrice(o, p, arrival);
            if (fillPrice == null || !o.active()) {
                continue;
            }
            BigDecimal qty = o.remaining();
            BigDecimal partial = partialNext.remove(o.symbol);
            if (partial != null && partial.compareTo(qty) < 0) {
                qty = partial;
            }
            applyFill(a, o, qty, fillPrice);
        }
    }

    private static BigDecimal fillPrice(SimOrder o, BigDecimal p, boolean arrival) {
        boolean buy = o.buys();
        return switch (o.type) {
            case "market" -> p;
            case "limit" -> (buy ? p.compareTo(o.limitPrice()) <= 0 : p.compareTo(o.limitPrice()) >= 0)
                    // marketable on arrival: the current price; reached later: the limit
                    ? (arrival ? p : o.limitPrice()) : null;
            case "stop" -> (buy ? p.compareTo(o.stopPrice()) >= 0 : p.compareTo(o.stopPrice()) <= 0)
                    ? p : null; // a triggered stop is a market order: the current price
            default -> null;
        };
    }

    void applyFill(SimAccount a, SimOrder o, BigDecimal qty, BigDecimal price) {
        Instant now = clock.now();
        SimPosition pos = a.positionOrNew(o.symbol);
        BigDecimal signed = o.buys() ? qty : qty.negate();
        pos.add(signed, price);
        BigDecimal after = pos.qty();
        a.dropIfFlat(pos);
        boolean complete = o.fill(qty, price, now);
        String side = o.buys() ? "buy" : after.signum() < 0 ? "sell_short" : "sell";
        a.add(new SimFill(activityId(), o.id, o.symbol, side, qty, price, now, complete ? "fill" : "partial_fill",
                o.filledQty(), o.remaining().max(BigDecimal.ZERO), o.status()));

        // Bracket: the exit legs start working once the entry has filled completely.
        if (complete && o.parent() == null && "bracket".equals(o.orderClass)) {
            o.legs().forEach(leg -> leg.activate(now));
        }
        for (SimOrder other : exitGroup(o)) {
            if (other == o || other.terminal()) {
                continue;
            }
            if (complete) {
                other.cancel(now); // one-cancels-other
            } else {
                // A partial take-profit resizes the stop (Alpaca's bracket docs, ALPACA.md); a partial stop
                // resizes the take-profit the same way: the group sells its quantity once, whichever leg fills.
                other.resize(o.remaining().add(other.filledQty()), now);
            }
        }
    }

    /** The orders of which only one may fill: the two legs of a bracket, or an OCO's limit and stop. */
    static List<SimOrder> exitGroup(SimOrder o) {
        SimOrder root = o.parent() != null ? o.parent() : o;
        if ("oco".equals(root.orderClass)) {
            List<SimOrder> g = new ArrayList<>();
            g.add(root);
            g.addAll(root.legs());
            return g;
        }
        if ("bracket".equals(root.orderClass) && o.parent() != null) {
            return root.legs();
        }
        return List.of();
    }

    // ------------------------------------------------------------------ orders

    /** Creates an order in the account at the current time. */
    SimOrder newOrder(SimAccount a, String symbol, String side, String type, String tif, String orderClass,
                      BigDecimal qty, String clientOrderId) {
        SimOrder o = new SimOrder(newId(), symbol, side, type, tif, orderClass, qty, clientOrderId, clock.stamp(), clock.isOpen());
        a.add(o);
        return o;
    }

    /**
     * {@code DELETE /v2/orders/{id}}: the cancel is accepted (204) and is asynchronous. The order and
     * its bracket/OCO companions become {@code pending_cancel}: they keep working, hold their quantity
     * and can still fill, until the venue confirms (at the first clock advance {@link #cancelDelay}
     * after the request; at once while no delay is set). Bracket legs still held for their entry are not at the venue: they cancel at
     * once. An order already final answers 422 42210000 "order is not cancelable"; usually it has just
     * filled (ALPACA.md; Alpaca's docs on order lifecycle: pending_cancel "The order is waiting to be
     * canceled"). A second cancel of a pending order is accepted again.
     */
    void cancel(SimAccount a, String id) {
        SimOrder o = a.order(id).orElseThrow(() -> new SimApiError(404, 40410000, "order not found"));
        if (!o.terminal() && faults.takeFillBeforeCancel(o.symbol)) {
            fillAtMarket(a, o);
        }
        if (o.terminal()) {
            throw new SimApiError(422, 42210000, "order is not cancelable");
        }
        boolean fillsFirst = faults.takeFillWhileCancelPending(o.symbol);
        Instant now = clock.now();
        List<SimOrder> targets = new ArrayList<>();
        targets.add(o);
        targets.addAll(o.legs());
        targets.addAll(exitGroup(o));
        List<SimOrder> pending = new ArrayList<>();
        for (SimOrder t : targets) {
            if (t.terminal() || t.pendingCancel()) {
                continue;
            }
            if ("held".equals(t.status())) {
                t.cancel(now);
            } else {
                t.requestCancel(now, fillsFirst && t == o);
                pending.add(t);
            }
        }
        if (cancelDelay == null) {
            pending.forEach(t -> confirm(a, t));
        }
    }

    /** Null: cancels are confirmed at once. */
    void cancelDelay(Duration delay) {
        cancelDelay = delay;
    }

    /** Confirms the pending cancels that are due ({@code all}: every one, now). */
    void confirmCancels(boolean all) {
        Instant now = clock.now();
        for (SimAccount a : accounts.values()) {
            for (SimOrder o : new ArrayList<>(a.orders())) {
                Duration delay = cancelDelay == null ? Duration.ZERO : cancelDelay;
                if (o.pendingCancel() && (all || !o.cancelRequestedAt().plus(delay).isAfter(now))) {
                    confirm(a, o);
                }
            }
        }
    }

    private void confirm(SimAccount a, SimOrder o) {
        if (!o.pendingCancel()) {
            return; // it filled meanwhile, or a companion's fill canceled it
        }
        if (o.fillsBeforeCancelConfirmed()) {
            fillAtMarket(a, o); // its companions are then canceled as one-cancels-other
        } else {
            o.cancel(clock.now());
        }
    }

    /** Fills the rest of a working order at the current price, whatever its type and trigger. */
    void fillAtMarket(SimAccount a, SimOrder o) {
        if (!o.active()) {
            throw new IllegalStateException("order " + o.id + " is " + o.status() + ": nothing to fill");
        }
        BigDecimal price = market.lastPrice(o.symbol)
                .orElseThrow(() -> new IllegalStateException("no price for " + o.symbol));
        o.arrive();
        applyFill(a, o, o.remaining(), price);
    }

    /** Shares (or contracts) of the position that working orders on the reducing side hold. */
    Held held(SimAccount a, String symbol, String reducingSide) {
        BigDecimal total = BigDecimal.ZERO;
        List<String> related = new ArrayList<>();
        for (SimOrder o : a.orders()) {
            if (o.parent() != null || !symbol.equals(o.symbol)) {
                continue;
            }
            // An exit group holds the quantity once, however many of its orders work.
            List<SimOrder> candidates = "bracket".equals(o.orderClass) ? o.legs()
                    : "oco".equals(o.orderClass) ? exitGroup(o) : List.of(o);
            BigDecimal max = BigDecimal.ZERO;
            for (SimOrder c : candidates) {
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

    BigDecimal qtyAvailable(SimAccount a, SimPosition p) {
        BigDecimal size = p.qty().abs().subtract(held(a, p.symbol, p.reducingSide()).qty()).max(BigDecimal.ZERO);
        return p.qty().signum() < 0 ? size.negate() : size;
    }

    /** An order the broker (or a person) executes at once at the current price, whatever the clock says. */
    SimOrder executeNow(SimAccount a, String symbol, String side, BigDecimal qty, BigDecimal price, String clientPrefix) {
        SimOrder o = newOrder(a, symbol, side, "market", "day", "", qty, clientPrefix + "-" + newId());
        o.arrive();
        applyFill(a, o, qty, price);
        return o;
    }

    /**
     * A position opened by hand (e.g. in Alpaca's web UI): a filled market order at {@code avgPrice};
     * the symbol's price starts there when it has none.
     */
    SimOrder openByHand(SimAccount a, String symbol, BigDecimal signedQty, BigDecimal avgPrice) {
        if (market.lastTrade(symbol).isEmpty()) {
            market.trade(symbol, avgPrice, clock.now());
        }
        return executeNow(a, symbol, signedQty.signum() > 0 ? "buy" : "sell", signedQty.abs(), avgPrice, "manual");
    }

    /**
     * Cancels the symbol's working orders (what a liquidation and a person closing by hand do first),
     * then fills {@code qty} (null: the whole position) against the position at the current price.
     */
    SimOrder reduceAtMarket(SimAccount a, String symbol, BigDecimal qty, String source) {
        SimPosition pos = a.position(symbol).orElseThrow(() -> new IllegalArgumentException(a.name + " holds no " + symbol));
        for (SimOrder o : a.orders()) {
            if (o.symbol.equals(symbol) && !o.terminal()) {
                o.cancel(clock.now());
            }
        }
        BigDecimal price = market.lastPrice(symbol).orElse(pos.avg());
        return executeNow(a, symbol, pos.reducingSide(), qty == null ? pos.qty().abs() : qty, price, source);
    }
}
