package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one trading day did: lots opened and closed, the realised P&amp;L of the lots closed that
 * day, by strategy and by close reason, and how many won. The report of {@code ./pm report} and the
 * summary sync records after the close are both this.
 *
 * @param day         the New York trading day
 * @param lotsOpened  lots entered that day
 * @param lotsClosed  lots whose last exit was that day
 * @param wins        closed lots with a positive P&amp;L
 * @param losses      closed lots with a negative P&amp;L
 * @param realizedPnl the P&amp;L of the lots closed that day (all their exits)
 * @param byStrategy  that P&amp;L by strategy type ({@value #NO_STRATEGY} for lots without one), sorted
 * @param byReason    that P&amp;L by the reason of each exit (a scale-out's first exit counts under its own reason)
 */
public record DaySummary(LocalDate day, int lotsOpened, int lotsClosed, int wins, int losses, BigDecimal realizedPnl,
                         Map<String, BigDecimal> byStrategy, Map<CloseReason, BigDecimal> byReason) {
    /** The strategy key of lots the dispatcher gave no strategy type. */
    public static final String NO_STRATEGY = "unspecified";

    public DaySummary {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(realizedPnl, "realizedPnl");
        if (lotsOpened < 0 || lotsClosed < 0 || wins < 0 || losses < 0 || wins + losses > lotsClosed) {
            throw new IllegalArgumentException("inconsistent counts: opened " + lotsOpened + ", closed " + lotsClosed
                    + ", wins " + wins + ", losses " + losses);
        }
        byStrategy = Collections.unmodifiableMap(new TreeMap<>(byStrategy));
        byReason = Collections.unmodifiableMap(byReason.isEmpty() ? new EnumMap<>(CloseReason.class) : new EnumMap<>(byReason));
    }

    /** The summary of a day from the lots entered that day and the lots closed that day. */
    public static DaySummary of(LocalDate day, int lotsOpened, List<ClosedLot> closed) {
        BigDecimal total = BigDecimal.ZERO;
        int wins = 0;
        int losses = 0;
        Map<String, BigDecimal> byStrategy = new TreeMap<>();
        Map<CloseReason, BigDecimal> byReason = new EnumMap<>(CloseReason.class);
        for (ClosedLot lot : closed) {
            BigDecimal pnl = lot.pnl();
            total = total.add(pnl);
            wins += pnl.signum() > 0 ? 1 : 0;
            losses += pnl.signum() < 0 ? 1 : 0;
            String strategy = lot.strategy() == null || lot.strategy().isBlank() ? NO_STRATEGY : lot.strategy();
            byStrategy.merge(strategy, pnl, BigDecimal::add);
            for (ClosedLot.Exit exit : lot.exits()) {
                byReason.merge(exit.reason(), exit.pnl(), BigDecimal::add);
            }
        }
        return new DaySummary(day, lotsOpened, closed.size(), wins, losses, total, byStrategy, byReason);
    }

    /** Closed lots that neither won nor lost. */
    public int breakeven() {
        return lotsClosed - wins - losses;
    }

    /** Wins as a percentage of the lots closed, one decimal; empty on a day that closed nothing. */
    public Optional<BigDecimal> winRatePercent() {
        if (lotsClosed == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(wins).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(lotsClosed), 1, RoundingMode.HALF_EVEN));
    }
}
