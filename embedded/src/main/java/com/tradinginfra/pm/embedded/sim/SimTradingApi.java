package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The trading endpoints' answers ({@code /v2/...}) for one authenticated account. Called under the lock. */
final class SimTradingApi {
    private final SimBook book;
    private final SimOrderEntry entry;
    private final SimClock clock;
    private final SimMarket market;
    private final SimFaults faults;

    SimTradingApi(SimBook book, SimOrderEntry entry, SimClock clock, SimMarket market, SimFaults faults) {
        this.book = book;
        this.entry = entry;
        this.clock = clock;
        this.market = market;
        this.faults = faults;
    }

    JsonObject account(SimAccount a) {
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

    JsonObject clock() {
        JsonObject j = new JsonObject();
        j.addProperty("timestamp", newYork(clock.now()));
        j.addProperty("is_open", clock.isOpen());
        j.addProperty("next_open", newYork(clock.nextOpen()));
        j.addProperty("next_close", newYork(clock.nextClose()));
        return j;
    }

    private static String newYork(Instant t) {
        return t.atZone(NyseCalendar.NEW_YORK).toOffsetDateTime().toString();
    }

    JsonArray calendar(SimQuery q) {
        LocalDate today = clock.now().atZone(NyseCalendar.NEW_YORK).toLocalDate();
        LocalDate start;
        LocalDate end;
        try {
            start = q.has("start") ? LocalDate.parse(q.get("start").substring(0, 10)) : today.minusYears(1);
            end = q.has("end") ? LocalDate.parse(q.get("end").substring(0, 10)) : today.plusYears(1);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw SimApiError.invalid("start and end must be dates (YYYY-MM-DD)");
        }
        JsonArray out = new JsonArray();
        for (NyseCalendar.Day d : clock.calendar().days(start, end)) {
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

    // ------------------------------------------------------------------ positions

    JsonObject position(SimAccount a, SimPosition p) {
        BigDecimal current = market.lastPrice(p.symbol).orElse(p.avg());
        BigDecimal lastday = market.previousClose(p.symbol).orElse(current);
        return SimJson.position(p, book.qtyAvailable(a, p), current, lastday);
    }

    JsonArray positions(SimAccount a) {
        JsonArray out = new JsonArray();
        for (SimPosition p : a.positions()) {
            out.add(position(a, p));
        }
        return out;
    }

    JsonObject position(SimAccount a, String symbol) {
        return position(a, a.position(symbol).orElseThrow(() -> new SimApiError(404, 40410000, "position does not exist")));
    }

    JsonObject closePosition(SimAccount a, String symbol, SimQuery q) {
        return SimJson.order(entry.closePosition(a, symbol, q.decimal("qty"), q.decimal("percentage")), true);
    }

    // ------------------------------------------------------------------ orders

    JsonObject submit(SimAccount a, SimQuery q) {
        return SimJson.order(entry.submit(a, q.jsonBody()), true);
    }

    JsonObject order(SimAccount a, String id, SimQuery q) {
        SimOrder o = a.order(id).orElseThrow(() -> new SimApiError(404, 40410000, "order not found"));
        return SimJson.order(o, Boolean.parseBoolean(q.get("nested", "false")));
    }

    JsonObject orderByClientId(SimAccount a, SimQuery q) {
        SimOrder o = a.orderByClientId(q.get("client_order_id", ""))
                .orElseThrow(() -> new SimApiError(404, 40410000, "order not found"));
        return SimJson.order(o, true);
    }

    void cancel(SimAccount a, String id) {
        book.cancel(a, id);
    }

    JsonArray orders(SimAccount a, SimQuery q) {
        String status = q.get("status", "open").toLowerCase(Locale.ROOT);
        if (!Set.of("open", "closed", "all").contains(status)) {
            throw SimApiError.invalid("status must be open, closed or all");
        }
        int limit = q.integer("limit", 50);
        if (limit <= 0 || limit > 500) {
            throw SimApiError.invalid("limit must be between 1 and 500");
        }
        String direction = q.direction();
        boolean nested = Boolean.parseBoolean(q.get("nested", "false"));
        Instant after = q.instant("after");
        Instant until = q.instant("until");
        Set<String> symbols = q.symbols();
        List<SimOrder> selected = new ArrayList<>();
        for (SimOrder o : a.orders()) {
            if (nested && o.parent() != null) {
                continue;
            }
            if (!symbols.isEmpty() && !symbols.contains(o.symbol)) {
                continue;
            }
            if ((after != null && !o.createdAt.isAfter(after)) || (until != null && !o.createdAt.isBefore(until))) {
                continue;
            }
            boolean open = !o.terminal() || (nested && o.legs().stream().anyMatch(l -> !l.terminal()));
            if (status.equals("open") && !open || status.equals("closed") && open) {
                continue;
            }
            selected.add(o);
        }
        Comparator<SimOrder> byCreation = Comparator.comparing(o -> o.createdAt);
        selected.sort(direction.equals("asc") ? byCreation : byCreation.reversed());
        JsonArray out = new JsonArray();
        for (SimOrder o : selected.subList(0, Math.min(limit, selected.size()))) {
            out.add(SimJson.order(o, nested));
        }
        return out;
    }

    /** {@code DELETE /v2/orders}: a 207 multi-status of every open order's cancel. */
    JsonArray cancelAll(SimAccount a) {
        JsonArray out = new JsonArray();
        for (SimOrder o : new ArrayList<>(a.orders())) {
            if (o.parent() == null && !o.terminal()) {
                book.cancel(a, o.id);
                JsonObject j = new JsonObject();
                j.addProperty("id", o.id);
                j.addProperty("status", 200);
                j.add("body", SimJson.order(o, true));
                out.add(j);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ activities

    JsonArray fills(SimAccount a, SimQuery q) {
        int pageSize = q.integer("page_size", 100);
        if (pageSize <= 0 || pageSize > 100) {
            throw SimApiError.invalid("page_size must be between 1 and 100");
        }
        String direction = q.direction();
        Instant after = q.instant("after");
        Instant until = q.instant("until");
        String date = q.get("date");
        List<SimFill> selected = new ArrayList<>();
        for (SimFill f : a.fills()) {
            if ((after != null && !f.time().isAfter(after)) || (until != null && f.time().isAfter(until))) {
                continue;
            }
            if (date != null && !f.time().atZone(NyseCalendar.NEW_YORK).toLocalDate().toString().equals(date)) {
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
                if (selected.get(i).id().equals(token)) {
                    from = i + 1;
                    break;
                }
            }
        }
        JsonArray out = new JsonArray();
        for (int i = from; i < Math.min(selected.size(), from + pageSize); i++) {
            out.add(SimJson.fill(selected.get(i)));
        }
        return out;
    }

    /** OPEXP, OPEXC or OPASN activities. */
    JsonArray optionActivities(SimAccount a, String type) {
        JsonArray out = new JsonArray();
        a.nonTradeActivities().stream().filter(j -> j.get("activity_type").getAsString().equals(type)).forEach(out::add);
        return out;
    }
}
