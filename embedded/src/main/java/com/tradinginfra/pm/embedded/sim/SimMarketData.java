package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The market-data endpoints' answers ({@code /v2/stocks/...}, {@code /v1beta1/options/...}). Called under the lock. */
final class SimMarketData {
    private final SimMarket market;
    private final SimClock clock;
    private int optionPageSize = 100;

    SimMarketData(SimMarket market, SimClock clock) {
        this.market = market;
        this.clock = clock;
    }

    void optionPageSize(int size) {
        optionPageSize = Math.max(1, size);
    }

    private static JsonObject trade(String symbol, SimMarket.Trade trade, boolean option) {
        JsonObject t = new JsonObject();
        t.addProperty("t", SimJson.time(trade.at()));
        t.addProperty("x", option ? "C" : "V");
        t.addProperty("p", trade.price());
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

    private static JsonObject quote(SimMarket.Quote q, boolean option) {
        JsonObject j = new JsonObject();
        j.addProperty("t", SimJson.time(q.at()));
        j.addProperty("ax", option ? "C" : "V");
        j.addProperty("ap", q.ask());
        j.addProperty("as", option ? 10 : 1);
        j.addProperty("bx", option ? "C" : "V");
        j.addProperty("bp", q.bid());
        j.addProperty("bs", option ? 10 : 1);
        j.addProperty("c", option ? " " : "R");
        if (!option) {
            j.addProperty("z", "C");
        }
        return j;
    }

    /** The quote set for the symbol, or else one at the last trade's price on both sides. */
    private Optional<SimMarket.Quote> quoteOf(String symbol) {
        Optional<SimMarket.Quote> q = market.lastQuote(symbol);
        if (q.isPresent()) {
            return q;
        }
        return market.lastTrade(symbol).map(t -> new SimMarket.Quote(t.price(), t.price(), t.at()));
    }

    private static JsonObject bar(BigDecimal price, Instant at) {
        JsonObject b = new JsonObject();
        b.addProperty("t", SimJson.time(at));
        b.addProperty("o", price);
        b.addProperty("h", price);
        b.addProperty("l", price);
        b.addProperty("c", price);
        b.addProperty("v", 1000);
        b.addProperty("n", 10);
        b.addProperty("vw", price);
        return b;
    }

    JsonObject stockSnapshots(SimQuery q) {
        Set<String> symbols = q.requiredSymbols();
        Instant now = clock.now();
        JsonObject out = new JsonObject();
        for (String s : symbols) {
            Optional<SimMarket.Trade> trade = market.lastTrade(s);
            if (trade.isEmpty() || SimPosition.isOption(s)) {
                continue; // unknown symbols are left out
            }
            BigDecimal p = trade.get().price();
            BigDecimal prev = market.previousClose(s).orElse(p);
            JsonObject snap = new JsonObject();
            snap.add("latestTrade", trade(s, trade.get(), false));
            snap.add("latestQuote", quote(quoteOf(s).orElseThrow(), false));
            snap.add("minuteBar", bar(p, now.truncatedTo(ChronoUnit.MINUTES)));
            Instant day = now.atZone(NyseCalendar.NEW_YORK).toLocalDate().atStartOfDay(NyseCalendar.NEW_YORK).toInstant();
            snap.add("dailyBar", bar(p, day));
            snap.add("prevDailyBar", bar(prev, day.minus(Duration.ofDays(1))));
            out.add(s, snap);
        }
        return out;
    }

    JsonObject latestTrades(SimQuery q) {
        Set<String> symbols = q.requiredSymbols();
        JsonObject trades = new JsonObject();
        for (String s : symbols) {
            if (!SimPosition.isOption(s)) {
                market.lastTrade(s).ifPresent(t -> trades.add(s, trade(s, t, false)));
            }
        }
        JsonObject out = new JsonObject();
        out.add("trades", trades);
        return out;
    }

    JsonObject optionSnapshots(SimQuery q) {
        List<String> symbols = new ArrayList<>(q.requiredSymbols());
        if (symbols.size() > 100) {
            throw new SimApiError(400, 40010001, "too many symbols: at most 100 symbols per request, got " + symbols.size());
        }
        List<String> known = symbols.stream().filter(market::knows).collect(Collectors.toList());
        int from = 0;
        String token = q.get("page_token");
        if (token != null && !token.isBlank()) {
            int i = known.indexOf(token);
            if (i < 0) {
                throw SimApiError.badRequest("invalid page_token");
            }
            from = i;
        }
        int pageSize = Math.min(optionPageSize, q.integer("limit", 100));
        int to = Math.min(known.size(), from + pageSize);
        JsonObject snaps = new JsonObject();
        for (String s : known.subList(from, to)) {
            JsonObject snap = new JsonObject();
            market.lastTrade(s).ifPresent(t -> snap.add("latestTrade", trade(s, t, true)));
            quoteOf(s).ifPresent(quote -> snap.add("latestQuote", quote(quote, true)));
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
