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

    /** How long the delayed feeds ({@code indicative}, {@code delayed_sip}) lag: 15 minutes. */
    static final Duration DELAY = Duration.ofMinutes(15);
    private static final Set<String> OPTION_FEEDS = Set.of("opra", "indicative");
    private static final Set<String> STOCK_FEEDS = Set.of("iex", "sip", "delayed_sip", "otc", "boats", "overnight");

    /**
     * The time whose prices the request's feed shows. Options: without {@code feed}, {@code opra} for
     * an account with an OPRA subscription, else {@code indicative} (Alpaca changelog 2026-11-10,
     * "Updated feed default rules on option market data endpoints"); {@code indicative} is delayed
     * 15 minutes (Alpaca's subscription plans: "Indicative Pricing Feed", latest 15 minutes delayed).
     * Stocks: {@code iex}, {@code sip}, {@code delayed_sip} (alpaca-py PR 591; Alpaca's stream feeds also
     * list boats and overnight); {@code sip} without the subscription is refused with 403 "subscription
     * does not permit querying recent SIP data" (Alpaca Market Data FAQ). An unknown feed is a bad
     * request (400); its exact message was not found in Alpaca's published material, so the answer
     * names the parameter in the data API's message-only shape.
     */
    private Instant asOf(SimAccount a, SimQuery q, boolean options) {
        String feed = q.get("feed");
        if (feed == null || feed.isBlank()) {
            return options && !a.opra() ? clock.now().minus(DELAY) : clock.now();
        }
        feed = feed.trim().toLowerCase(java.util.Locale.ROOT);
        if (!(options ? OPTION_FEEDS : STOCK_FEEDS).contains(feed)) {
            throw SimApiError.messageOnly(400, "invalid feed: " + q.get("feed"));
        }
        if (feed.equals("sip") && !a.sip()) {
            throw SimApiError.messageOnly(403, "subscription does not permit querying recent SIP data");
        }
        return feed.equals("indicative") || feed.equals("delayed_sip") ? clock.now().minus(DELAY) : clock.now();
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

    /** The trade current at {@code asOf}: the last one set, or for a delayed feed the last one printed by then. */
    private Optional<SimMarket.Trade> tradeOf(String symbol, Instant asOf) {
        return asOf.equals(clock.now()) ? market.lastTrade(symbol) : market.tradeAsOf(symbol, asOf);
    }

    /** The quote current at {@code asOf}, or else one at that trade's price on both sides. */
    private Optional<SimMarket.Quote> quoteOf(String symbol, Instant asOf) {
        Optional<SimMarket.Quote> q = asOf.equals(clock.now()) ? market.lastQuote(symbol) : market.quoteAsOf(symbol, asOf);
        if (q.isPresent()) {
            return q;
        }
        return tradeOf(symbol, asOf).map(t -> new SimMarket.Quote(t.price(), t.price(), t.at()));
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

    JsonObject stockSnapshots(SimAccount a, SimQuery q) {
        Set<String> symbols = q.requiredSymbols();
        Instant asOf = asOf(a, q, false);
        Instant now = clock.now();
        JsonObject out = new JsonObject();
        for (String s : symbols) {
            Optional<SimMarket.Trade> trade = tradeOf(s, asOf);
            if (trade.isEmpty() || SimPosition.isOption(s)) {
                continue; // unknown symbols are left out
            }
            BigDecimal p = trade.get().price();
            BigDecimal prev = market.previousClose(s).orElse(p);
            JsonObject snap = new JsonObject();
            snap.add("latestTrade", trade(s, trade.get(), false));
            snap.add("latestQuote", quote(quoteOf(s, asOf).orElseThrow(), false));
            snap.add("minuteBar", bar(p, now.truncatedTo(ChronoUnit.MINUTES)));
            Instant day = now.atZone(NyseCalendar.NEW_YORK).toLocalDate().atStartOfDay(NyseCalendar.NEW_YORK).toInstant();
            snap.add("dailyBar", bar(p, day));
            snap.add("prevDailyBar", bar(prev, day.minus(Duration.ofDays(1))));
            out.add(s, snap);
        }
        return out;
    }

    JsonObject latestTrades(SimAccount a, SimQuery q) {
        Set<String> symbols = q.requiredSymbols();
        Instant asOf = asOf(a, q, false);
        JsonObject trades = new JsonObject();
        for (String s : symbols) {
            if (!SimPosition.isOption(s)) {
                tradeOf(s, asOf).ifPresent(t -> trades.add(s, trade(s, t, false)));
            }
        }
        JsonObject out = new JsonObject();
        out.add("trades", trades);
        return out;
    }

    /**
     * Option snapshots: {@code latestTrade} is the last trade however old, {@code latestQuote} the
     * current quote, each with its own {@code t}; a contract may have a quote and no trade (the bodies
     * recorded in alpaca-trade-api-go marketdata/options_test.go, TestGetOptionSnapshot and
     * TestGetOptionChain).
     */
    JsonObject optionSnapshots(SimAccount a, SimQuery q) {
        List<String> symbols = new ArrayList<>(q.requiredSymbols());
        Instant asOf = asOf(a, q, true);
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
            tradeOf(s, asOf).ifPresent(t -> snap.add("latestTrade", trade(s, t, true)));
            quoteOf(s, asOf).ifPresent(quote -> snap.add("latestQuote", quote(quote, true)));
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
