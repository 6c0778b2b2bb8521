package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;

import static com.tradinginfra.pm.embedded.sim.SimJson.dec;
import static com.tradinginfra.pm.embedded.sim.SimJson.nestedDec;
import static com.tradinginfra.pm.embedded.sim.SimJson.plain;
import static com.tradinginfra.pm.embedded.sim.SimJson.str;

/**
 * {@code POST /v2/orders} and {@code DELETE /v2/positions/{symbol}}: reads and checks the request
 * as Alpaca does, then places a simple, bracket or OCO order in the book.
 */
final class SimOrderEntry {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final SimBook book;
    private final SimClock clock;
    private final SimFaults faults;

    SimOrderEntry(SimBook book, SimClock clock, SimFaults faults) {
        this.book = book;
        this.clock = clock;
        this.faults = faults;
    }

    /** The fields every order class shares, read and checked. */
    private record Request(String clientOrderId, String symbol, boolean option, BigDecimal qty, String side,
                           String type, String tif, String orderClass, BigDecimal limit, BigDecimal stop,
                           BigDecimal takeProfit, BigDecimal stopLoss) {
        String exitSide() {
            return orderClass.equals("bracket") ? opposite(side) : side;
        }
    }

    SimOrder submit(SimAccount a, JsonObject body) {
        Request r = read(a, body);
        switch (r.orderClass()) {
            case "bracket" -> checkBracket(r);
            case "oco" -> {
                checkOco(r);
                checkOcoHours(r);
            }
            default -> {
            }
        }
        checkAccount(a, r);
        SimOrder o = switch (r.orderClass()) {
            case "bracket" -> placeBracket(a, r);
            case "oco" -> placeOco(a, r);
            default -> placeSimple(a, r);
        };
        book.match(a, r.symbol());
        return o;
    }

    // ------------------------------------------------------------------ reading the request

    private Request read(SimAccount a, JsonObject body) {
        String clientOrderId = str(body, "client_order_id");
        if (clientOrderId != null && clientOrderId.length() > 128) {
            throw SimApiError.invalid("client_order_id must be no more than 128 characters");
        }
        if (clientOrderId != null && a.usedClientId(clientOrderId)) {
            throw new SimApiError(422, 40010001, "client_order_id must be unique");
        }
        String symbol = str(body, "symbol");
        if (symbol == null || symbol.isBlank()) {
            throw SimApiError.invalid("symbol is required");
        }
        symbol = symbol.trim().toUpperCase(Locale.ROOT);
        boolean option = SimPosition.isOption(symbol);
        // 422 40010001 is Alpaca's generic validation code: recorded in alpaca-trade-api-python
        // tests/test_rest.py (test_errors) with these messages; only "client_order_id must be unique"
        // means a duplicate.
        BigDecimal qty = dec(body, "qty");
        boolean notional = str(body, "notional") != null;
        if (qty == null && !notional) {
            throw new SimApiError(422, 40010001, "qty or notional is required");
        }
        if (qty != null && notional) {
            throw new SimApiError(422, 40010001, "only one of qty or notional is accepted");
        }
        if (notional) {
            throw SimApiError.invalid("notional orders are not supported by the simulator; use qty");
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
        if (Boolean.TRUE.equals(SimJson.bool(body, "extended_hours"))) {
            throw SimApiError.invalid("extended_hours is not supported by the simulator");
        }
        if (option) {
            checkOption(qty, type, tif, orderClass);
        }
        if (type.equals("stop_limit") || type.equals("trailing_stop") || orderClass.equals("oto")
                || !Set.of("day", "gtc").contains(tif)) {
            throw SimApiError.invalid("the simulator supports market, limit and stop orders, day or gtc, simple, bracket or oco;"
                    + " not type '" + type + "', time_in_force '" + tif + "', order_class '" + orderClass + "'");
        }
        if (qty.stripTrailingZeros().scale() > 0 && !(type.equals("market") && tif.equals("day") && orderClass.isEmpty())) {
            // Fractional quantities take simple market day orders only; else Alpaca answers as it does
            // for a fractional qty on a limit order (alpaca-trade-api-python tests/test_rest.py).
            throw new SimApiError(422, 40010001, "qty must be integer");
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
        return new Request(clientOrderId, symbol, option, qty, side, type, tif, orderClass, limit, stop, takeProfit, stopLoss);
    }

    /**
     * Options take simple market and limit day orders for whole contracts (ALPACA.md; Alpaca's options
     * trading documentation: no bracket, OCO, OTO or trailing orders), so an OCO protecting an option
     * position is refused like any other order class.
     */
    private static void checkOption(BigDecimal qty, String type, String tif, String orderClass) {
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
            throw new SimApiError(422, 40010001, "qty must be integer"); // contracts are whole (as above)
        }
    }

    /** Take-profit above the stop-loss for a sell exit, below for a buy exit. */
    private static void checkExitPrices(Request r) {
        if (r.takeProfit() == null) {
            throw SimApiError.invalid("take_profit.limit_price is required for " + r.orderClass() + " orders");
        }
        if (r.stopLoss() == null) {
            throw SimApiError.invalid("stop_loss.stop_price is required for " + r.orderClass() + " orders");
        }
        positive(r.takeProfit(), "take_profit.limit_price");
        positive(r.stopLoss(), "stop_loss.stop_price");
        boolean exitSells = r.exitSide().equals("sell");
        if (exitSells ? r.takeProfit().compareTo(r.stopLoss()) <= 0 : r.takeProfit().compareTo(r.stopLoss()) >= 0) {
            throw SimApiError.invalid("take_profit.limit_price must be " + (exitSells ? ">" : "<")
                    + " stop_loss.stop_price");
        }
    }

    private static void checkBracket(Request r) {
        checkExitPrices(r);
        if (!r.type().equals("market") && !r.type().equals("limit")) {
            throw SimApiError.invalid("bracket orders must have a market or limit entry");
        }
    }

    /**
     * An OCO is a limit (the take-profit) and a stop on the closing side, {@code type=limit} (Alpaca's
     * "OCO & OTO orders" announcement and its orders documentation, "Advanced orders").
     */
    private static void checkOco(Request r) {
        checkExitPrices(r);
        if (!r.type().equals("limit")) {
            throw SimApiError.invalid("oco orders must be of type limit");
        }
    }

    /**
     * "Orders not eligible for extended hours submitted between 4:00pm - 7:00pm ET will be rejected;
     * submitted after 7:00pm ET they are queued for the next open" (Alpaca's orders documentation, as
     * quoted in QuantConnect/Lean issue 4126). Applied to OCO orders only: ALPACA.md records that
     * simple equity day orders are queued outside the session, and the simulator keeps that. The
     * answer's code and message are not recorded anywhere we found: 422 42210000 is the code Alpaca
     * uses for its other refusals tied to market hours.
     */
    private void checkOcoHours(Request r) {
        java.time.ZonedDateTime ny = clock.now().atZone(NyseCalendar.NEW_YORK);
        boolean tradingDay = ny.getDayOfWeek().getValue() <= 5;
        java.time.LocalTime t = ny.toLocalTime();
        if (tradingDay && !clock.isOpen() && !t.isBefore(java.time.LocalTime.of(16, 0)) && t.isBefore(java.time.LocalTime.of(19, 0))) {
            throw new SimApiError(422, 42210000, "orders not eligible for extended hours submitted between 4:00pm - 7:00pm ET"
                    + " are rejected");
        }
    }

    /** What the account and the session allow: options market hours, day-trading protection, the position. */
    private void checkAccount(SimAccount a, Request r) {
        if (r.option() && r.type().equals("market") && !clock.isOpen()) {
            throw new SimApiError(422, 42210000, "options market orders are only allowed during market hours");
        }
        if (faults.patternDayTrading()) {
            throw new SimApiError(403, 40310100, "trade denied due to pattern day trading protection");
        }
        checkWashTrade(a, r);
        checkPosition(a, r.symbol(), r.side(), r.qty());
    }

    /**
     * Alpaca rejects an order that could fill against an open order of the same symbol on the other
     * side: 422 42210000 "potential wash trade detected. use complex orders" (the exception quoted in
     * Petersoj/alpaca-java issue 145, a market sell; Alpaca's User Protection docs, "Preventing Wash
     * Trades"; the Alpaca forum thread "Bogus rule: Potential trade wash detected": a market buy while
     * a limit sell is open). A market order on either side could fill against anything; two priced
     * orders only when the buy's price reaches the sell's. Bracket and OCO orders are the way around
     * it ("use complex orders"), so a new one is not checked.
     */
    private static void checkWashTrade(SimAccount a, Request r) {
        if (!r.orderClass().isEmpty()) {
            return;
        }
        BigDecimal price = r.type().equals("limit") ? r.limit() : r.type().equals("stop") ? r.stop() : null;
        for (SimOrder open : a.orders()) {
            if (!open.symbol.equals(r.symbol()) || !open.active() || open.side.equals(r.side())) {
                continue;
            }
            BigDecimal other = open.workingPrice();
            boolean crosses = price == null || other == null
                    || (r.side().equals("buy") ? price.compareTo(other) >= 0 : price.compareTo(other) <= 0);
            if (crosses) {
                throw new SimApiError(422, 42210000, "potential wash trade detected. use complex orders");
            }
        }
    }

    /** The checks that depend on the position: buying power (switch) and quantity held by working orders. */
    private void checkPosition(SimAccount a, String symbol, String side, BigDecimal qty) {
        SimPosition pos = a.position(symbol).orElse(null);
        if (pos == null || !side.equals(pos.reducingSide())) {
            return;
        }
        if (faults.rejectsCloseWithBuyingPower(symbol)) {
            throw new SimApiError(403, 40310000, "insufficient options buying power for cash-secured put");
        }
        SimBook.Held held = book.held(a, symbol, side);
        BigDecimal available = pos.qty().abs().subtract(held.qty()).max(BigDecimal.ZERO);
        if (qty.compareTo(available) > 0 && held.qty().signum() > 0) {
            SimApiError e = new SimApiError(403, 40310000, "insufficient qty available for order (requested: "
                    + plain(qty) + ", available: " + plain(available) + ")");
            e.body.addProperty("available", plain(available));
            e.body.addProperty("existing_qty", plain(pos.qty().abs()));
            e.body.addProperty("held_for_orders", plain(held.qty()));
            JsonArray related = new JsonArray();
            held.orderIds().forEach(related::add);
            e.body.add("related_orders", related);
            e.body.addProperty("symbol", symbol);
            throw e;
        }
    }

    // ------------------------------------------------------------------ placing, by order class

    private SimOrder entry(SimAccount a, Request r) {
        return book.newOrder(a, r.symbol(), r.side(), r.type(), r.tif(), r.orderClass(), r.qty(), r.clientOrderId());
    }

    private SimOrder placeSimple(SimAccount a, Request r) {
        return entry(a, r).priced(r.type().equals("limit") ? r.limit() : null, r.type().equals("stop") ? r.stop() : null);
    }

    /** The entry, and a take-profit limit and stop-loss held until the entry has filled. */
    private SimOrder placeBracket(SimAccount a, Request r) {
        SimOrder o = entry(a, r).priced(r.type().equals("limit") ? r.limit() : null, null);
        SimOrder tp = book.newOrder(a, r.symbol(), r.exitSide(), "limit", r.tif(), r.orderClass(), r.qty(), null)
                .priced(r.takeProfit(), null);
        tp.hold();
        SimOrder sl = book.newOrder(a, r.symbol(), r.exitSide(), "stop", r.tif(), r.orderClass(), r.qty(), null)
                .priced(null, r.stopLoss());
        sl.hold();
        o.link(tp, sl);
        return o;
    }

    /** A limit (the take-profit) and a stop on the same side, working at once: one cancels the other. */
    private SimOrder placeOco(SimAccount a, Request r) {
        SimOrder o = entry(a, r).priced(r.takeProfit(), null);
        o.link(book.newOrder(a, r.symbol(), r.side(), "stop", r.tif(), r.orderClass(), r.qty(), null).priced(null, r.stopLoss()));
        return o;
    }

    // ------------------------------------------------------------------ closing a position

    /** {@code DELETE /v2/positions/{symbol}}: a market order for all or part of the position. */
    SimOrder closePosition(SimAccount a, String symbol, BigDecimal qty, BigDecimal percentage) {
        SimPosition pos = a.position(symbol).orElseThrow(() -> new SimApiError(404, 40410000, "position does not exist"));
        if (qty != null && percentage != null) {
            throw SimApiError.invalid("only one of qty or percentage may be specified");
        }
        BigDecimal size = pos.qty().abs();
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
        body.addProperty("side", pos.reducingSide());
        body.addProperty("type", "market");
        body.addProperty("time_in_force", "day");
        return submit(a, body);
    }

    // ------------------------------------------------------------------ helpers

    static String opposite(String side) {
        return "buy".equals(side) ? "sell" : "buy";
    }

    private static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static void positive(BigDecimal d, String field) {
        if (d != null && d.signum() <= 0) {
            throw SimApiError.invalid(field + " must be > 0");
        }
    }
}
