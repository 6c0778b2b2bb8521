package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.domain.InstrumentType;
import com.tradinginfra.pm.domain.OccSymbol;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulated dispatcher does during the demo day, and how each symbol's price moves.
 * Rule-specific symbols follow scripted paths so that every exit rule fires at a known minute
 * whatever the seed; the others follow the seeded random walk. The demo scales out at
 * {@link #SCALE_OUT_PCT} (half of a lot): CRM is scripted to scale out and then stop at breakeven;
 * the other scripted lots stay below it, and a random walk that reaches it scales out too.
 */
final class DemoScenario {

    /**
     * One position the demo opens.
     *
     * @param symbol         the order symbol (OCC for options)
     * @param underlying     the ticker
     * @param type           STOCK, CALL or PUT
     * @param side           buy (long) or sell (short)
     * @param entryMinute    minutes after the open
     * @param stopPct        stop distance from the fill, percent
     * @param targetPct      target distance from the fill, percent
     * @param bracket        bracket legs at the broker
     * @param maxHoldMinutes the execution's max_hold_minutes, or null
     * @param expiry         options' expiry
     * @param handOpened     opened at the broker by hand (no execution row): sync adopts it
     * @param expectedRule   the rule this lot is scripted to exit by, or null
     * @param expectedMinute by when (minutes after the open) that rule has fired and the lot closed
     * @param story          one line for the report
     */
    record LotPlan(String symbol, String underlying, String type, String side, int qty, int entryMinute, String strategy,
                   double stopPct, double targetPct, boolean bracket, Integer maxHoldMinutes, LocalDate expiry,
                   boolean handOpened, String expectedRule, Integer expectedMinute, String story) {
        boolean isOption() {
            return !type.equals("STOCK");
        }
    }

    /** Something the demo does at a minute other than opening a position. */
    record Action(int minute, String kind, String symbol, String story) {
    }

    final LocalDate date;
    final int sessionMinutes;
    final List<LotPlan> lots = new ArrayList<>();
    final List<Action> actions = new ArrayList<>();
    final Map<String, PricePaths.Spec> prices = new LinkedHashMap<>();

    /** The demo's {@code TAKE_PARTIAL_PROFIT_PCT}. */
    static final BigDecimal SCALE_OUT_PCT = BigDecimal.valueOf(9);

    static final List<String> RULES = List.of("stop_loss", "take_profit", "missing_brackets", "trailing_stop",
            "day_trade_cutoff", "option_expiry", "max_hold_time");

    DemoScenario(LocalDate date, int sessionMinutes) {
        this.date = date;
        this.sessionMinutes = sessionMinutes;
        int cutoff = sessionMinutes - 5;
        String today = occ("SPY", date, InstrumentType.CALL, 600);
        LocalDate nextMonth = date.plusWeeks(4).with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
        LocalDate nextWeek = date.plusWeeks(1).with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
        String put = occ("QQQ", nextMonth, InstrumentType.PUT, 500);
        String call = occ("NFLX", nextWeek, InstrumentType.CALL, 95);

        // --- scripted: each rule fires at a known time ---
        stock("AAPL", "buy", 50, 0, "swing_trade", 2, 8, false, null, "stop_loss", 55,
                "long swing; falls through its stop (-2 %) about 45 min after the open");
        script("AAPL", 0.0008, 0, 230, 20, 229.2, 40, 226.5, 50, 224.0, 80, 224.5, 400, 226);

        stock("MSFT", "buy", 20, 0, "swing_trade", 4, 2.5, false, null, "take_profit", 80,
                "long swing; rises to its target (+2.5 %) about 70 min after the open");
        script("MSFT", 0.0008, 0, 420, 50, 424, 75, 432, 120, 433, 400, 431);

        stock("NVDA", "buy", 40, 0, "swing_trade", 6, 8, true, null, "missing_brackets", 62,
                "long swing with bracket legs at the broker; the legs are cancelled at the broker after 60 min");
        script("NVDA", 0.001, 0, 180, 60, 181.5, 120, 180.5, 400, 181);
        actions.add(new Action(60, "cancel_legs", "NVDA", "the NVDA bracket legs are cancelled at the broker (DELETE /v2/orders/{id})"));

        // climbs 8 %, below the demo's scale-out at 9 %, so that the trailing stop closes all of it
        stock("TSLA", "buy", 30, 0, "swing_trade", 10, 25, false, null, "trailing_stop", 130,
                "long swing; climbs 8 %, then gives back more than 10 % from its peak");
        script("TSLA", 0.0008, 0, 400, 50, 420, 80, 432, 110, 410, 125, 385, 200, 388, 400, 390);

        stock("AMD", "sell", 60, 0, "day_trade", 6, 8, false, null, "day_trade_cutoff", cutoff + 2,
                "short day trade; still open at the cutoff (close - 5 min)");
        script("AMD", 0.001, 0, 150, 100, 149, 200, 151, 300, 150, 400, 150.5);

        option("SPY", today, "CALL", 5, 0, "swing_trade", 90, 400, date, "option_expiry", 2,
                "call expiring today (stop and target wide): the expiry rule closes it at the open");
        script(today, 0.002, 0, 4.2, 400, 4.0);

        stock("META", "buy", 25, 10, "swing_trade", 5, 6, false, 75, "max_hold_time", 87,
                "long swing with max_hold_minutes = 75");
        script("META", 0.0008, 0, 600, 400, 603);

        stock("GOOGL", "buy", 40, 0, "swing_trade", 4, 3, true, null, "take_profit", 111,
                "long swing with bracket legs; the price gaps through the target leg, which fills at the broker");
        script("GOOGL", 0.0006, 0, 300, 60, 303, 109.75, 305.5, 110, 310.6, 400, 311);

        // up 10 %, under the 10 % trail's reach (its trigger stays below the entry), so that breakeven is what stops the rest
        stock("CRM", "buy", 30, 0, "swing_trade", 3, 20, true, null, "stop_loss", 100,
                "long swing with bracket legs; at +9 % it scales out half (legs released), then falls back to its entry: "
                        + "the rest stops at breakeven");
        script("CRM", 0.0006, 0, 300, 30, 318, 45, 330, 60, 320, 85, 301, 95, 296, 400, 297);

        // --- the rest: seeded random walks ---
        stock("KO", "sell", 100, 5, "swing_trade", 3, 3, false, null, null, null, "short swing");
        walk("KO", 62, 0.012);
        option("QQQ", put, "PUT", 3, 15, "swing_trade", 15, 20, nextMonth, null, null, "long put, swing");
        walk(put, 8.5, 0.08);
        option("NFLX", call, "CALL", 2, 30, "day_trade", 20, 30, nextWeek, null, null, "long call, day trade");
        walk(call, 12, 0.08);
        lots.add(new LotPlan("IBM", "IBM", "STOCK", "buy", 15, 20, null, 5, 15, false, null, null, true, null, null,
                "opened at the broker by hand: sync adopts it with the default stop and target"));
        walk("IBM", 250, 0.015);
        stock("JPM", "buy", 30, Math.min(120, sessionMinutes / 2), "day_trade", 3, 3, false, null, null, null, "long day trade");
        walk("JPM", 250, 0.015);
        stock("XOM", "sell", 40, 45, "swing_trade", 4, 4, false, null, null, null, "short swing");
        walk("XOM", 115, 0.015);
        stock("AMZN", "buy", 20, 3, "day_trade", 3, 3, true, null, null, null, "long day trade with bracket legs");
        walk("AMZN", 210, 0.015);
    }

    private void stock(String ticker, String side, int qty, int minute, String strategy, double stopPct, double targetPct,
                       boolean bracket, Integer maxHold, String rule, Integer by, String story) {
        lots.add(new LotPlan(ticker, ticker, "STOCK", side, qty, minute, strategy, stopPct, targetPct, bracket, maxHold, null,
                false, rule, by, story));
    }

    private void option(String underlying, String occ, String type, int qty, int minute, String strategy, double stopPct,
                        double targetPct, LocalDate expiry, String rule, Integer by, String story) {
        lots.add(new LotPlan(occ, underlying, type, "buy", qty, minute, strategy, stopPct, targetPct, false, null, expiry,
                false, rule, by, story));
    }

    private void script(String symbol, double noise, double... minutePrice) {
        double[][] points = new double[minutePrice.length / 2][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[]{minutePrice[2 * i], minutePrice[2 * i + 1]};
        }
        prices.put(symbol, new PricePaths.Scripted(points, noise));
    }

    private void walk(String symbol, double start, double vol) {
        prices.put(symbol, new PricePaths.Walk(start, vol));
    }

    static String occ(String root, LocalDate expiry, InstrumentType type, int strike) {
        return new OccSymbol(root, expiry, type, BigDecimal.valueOf(strike)).format();
    }

    LotPlan plan(String symbol) {
        return lots.stream().filter(l -> l.symbol().equals(symbol)).findFirst().orElse(null);
    }
}
