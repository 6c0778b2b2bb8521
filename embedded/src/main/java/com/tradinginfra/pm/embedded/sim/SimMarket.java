package com.tradinginfra.pm.embedded.sim;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The market the simulator's accounts trade in: per symbol the trades and quotes the test set,
 * each with its own time (an option's last trade can be hours older than its quote), and the
 * previous close. History is kept so a delayed feed can answer what was current earlier; what was set
 * last is what is current.
 */
final class SimMarket {
    /** A trade print. */
    record Trade(BigDecimal price, Instant at) {
    }

    /** A top-of-book quote. */
    record Quote(BigDecimal bid, BigDecimal ask, Instant at) {
    }

    private final Map<String, List<Trade>> trades = new HashMap<>();
    private final Map<String, List<Quote>> quotes = new HashMap<>();
    private final Map<String, BigDecimal> previousCloses = new HashMap<>();

    void trade(String symbol, BigDecimal price, Instant at) {
        trades.computeIfAbsent(symbol, k -> new ArrayList<>()).add(new Trade(price, at));
    }

    void quote(String symbol, BigDecimal bid, BigDecimal ask, Instant at) {
        quotes.computeIfAbsent(symbol, k -> new ArrayList<>()).add(new Quote(bid, ask, at));
    }

    void previousClose(String symbol, BigDecimal price) {
        previousCloses.put(symbol, price);
    }

    /** The trade set last (whatever its time stamp): the price orders fill at. */
    Optional<Trade> lastTrade(String symbol) {
        return last(trades.get(symbol));
    }

    /** The quote set last. */
    Optional<Quote> lastQuote(String symbol) {
        return last(quotes.get(symbol));
    }

    private static <T> Optional<T> last(List<T> list) {
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    Optional<BigDecimal> lastPrice(String symbol) {
        return lastTrade(symbol).map(Trade::price);
    }

    /** The last trade set with a time at or before {@code asOf}: what a delayed feed shows. */
    Optional<Trade> tradeAsOf(String symbol, Instant asOf) {
        return latest(trades.get(symbol), asOf, Trade::at);
    }

    /** The last quote set with a time at or before {@code asOf}. */
    Optional<Quote> quoteAsOf(String symbol, Instant asOf) {
        return latest(quotes.get(symbol), asOf, Quote::at);
    }

    Optional<BigDecimal> previousClose(String symbol) {
        return Optional.ofNullable(previousCloses.get(symbol));
    }

    /** Whether anything (a trade or a quote) is known of the symbol. */
    boolean knows(String symbol) {
        return trades.containsKey(symbol) || quotes.containsKey(symbol);
    }

    private static <T> Optional<T> latest(List<T> list, Instant asOf, java.util.function.Function<T, Instant> time) {
        if (list == null) {
            return Optional.empty();
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            if (!time.apply(list.get(i)).isAfter(asOf)) {
                return Optional.of(list.get(i));
            }
        }
        return Optional.empty();
    }
}
