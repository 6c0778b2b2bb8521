package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/**
 * What the market shows for one symbol: the last trade and the current quote, each with its own
 * time. They age independently: an illiquid option's last trade can be hours or days old while its
 * quote is current, so neither is "the price" by itself.
 *
 * @param lastTrade   price of the last trade, or null
 * @param lastTradeAt when it traded, or null
 * @param bid         current bid, or null
 * @param ask         current ask, or null
 * @param quotedAt    when the quote was current, or null
 */
public record MarketPrice(BigDecimal lastTrade, Instant lastTradeAt, BigDecimal bid, BigDecimal ask, Instant quotedAt) {
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /** A price known only as one number (no quote, no time). */
    public static MarketPrice ofTrade(BigDecimal price, Instant at) {
        return new MarketPrice(price, at, null, null, null);
    }

    /** The last trade, when it has a positive price. */
    public Optional<ObservedPrice> trade() {
        return lastTrade != null && lastTrade.signum() > 0
                ? Optional.of(new ObservedPrice(lastTrade, lastTradeAt, ObservedPrice.Source.TRADE))
                : Optional.empty();
    }

    /** The midpoint of bid and ask, when both sides are quoted (a one-sided quote has no fair middle). */
    public Optional<ObservedPrice> quoteMidpoint() {
        if (bid == null || ask == null || bid.signum() <= 0 || ask.signum() <= 0 || ask.compareTo(bid) < 0) {
            return Optional.empty();
        }
        BigDecimal mid = bid.add(ask).divide(TWO, Math.max(bid.scale(), ask.scale()) + 1, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        return Optional.of(new ObservedPrice(mid, quotedAt, ObservedPrice.Source.QUOTE_MIDPOINT));
    }

    /**
     * The price exits are decided on: the fresher of the last trade and the quote midpoint. On a tie,
     * or when neither has a time, the trade (a price someone actually paid); a stamped price is
     * fresher than an unstamped one.
     */
    public Optional<ObservedPrice> freshest() {
        Optional<ObservedPrice> trade = trade();
        Optional<ObservedPrice> mid = quoteMidpoint();
        if (trade.isEmpty() || mid.isEmpty()) {
            return trade.isPresent() ? trade : mid;
        }
        Instant t = trade.get().at();
        Instant q = mid.get().at();
        if (q != null && (t == null || q.isAfter(t))) {
            return mid;
        }
        return trade;
    }
}
