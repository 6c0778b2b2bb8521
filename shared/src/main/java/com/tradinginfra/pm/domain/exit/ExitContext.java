package com.tradinginfra.pm.domain.exit;

import com.tradinginfra.pm.domain.MarketSession;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What the exit rules may look at besides the lot: all of it fetched before the rules run, so the
 * rules are pure functions of their input.
 *
 * @param asOf          the event's time (never the wall clock)
 * @param price         the latest price, or null when none was available
 * @param peak          the best price including {@code price}
 * @param session       today's session from the broker's calendar, empty when the market does not open today
 * @param openOrderIds  ids of all open orders and their legs at the broker, or null when unknown
 */
public record ExitContext(Instant asOf, BigDecimal price, BigDecimal peak, Optional<MarketSession> session,
                          Set<String> openOrderIds) {
    public ExitContext {
        session = session == null ? Optional.empty() : session;
    }

    public boolean hasPrice() {
        return price != null;
    }
}
