package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One price as the market showed it at a time.
 *
 * @param price  the price, positive
 * @param at     when the market showed it; null when the source gave no time
 * @param source a trade, or the midpoint of a quote
 */
public record ObservedPrice(BigDecimal price, Instant at, Source source) {

    /** Where a price comes from. */
    public enum Source {
        /** The last trade. */
        TRADE,
        /** The midpoint of the current bid and ask. */
        QUOTE_MIDPOINT
    }

    public ObservedPrice {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(source, "source");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive, was " + price.toPlainString());
        }
    }

    /** How old the price is at {@code asOf} (zero when it is stamped after it); null without a time. */
    public Duration ageAt(Instant asOf) {
        if (at == null) {
            return null;
        }
        Duration age = Duration.between(at, asOf);
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** True when the price is older than {@code maxAge} at {@code asOf}; a price without a time is not known to be old. */
    public boolean isOlderThan(Duration maxAge, Instant asOf) {
        Duration age = ageAt(asOf);
        return age != null && age.compareTo(maxAge) > 0;
    }
}
