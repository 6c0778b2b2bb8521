package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The broker closed some or all of a lot: the quantities, value and P&L to book, summed over the
 * fills of one sync.
 *
 * @param lotId       the lot
 * @param quantity    quantity closed now
 * @param exitValue   Σ quantity × price of the closing fills
 * @param realizedPnl Σ P&L of the closing fills, with the multiplier
 * @param reason      why (the last fill's reason)
 * @param at          when the last closing fill happened
 * @param closesLot   true when nothing of the lot is left
 */
public record LotSettlement(long lotId, BigDecimal quantity, BigDecimal exitValue, BigDecimal realizedPnl,
                            CloseReason reason, Instant at, boolean closesLot) {
    public LotSettlement {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** Sums the exits of one lot. */
    public static LotSettlement of(Lot lot, List<Reconciliation.LotExit> exits) {
        BigDecimal qty = BigDecimal.ZERO;
        BigDecimal value = BigDecimal.ZERO;
        BigDecimal pnl = BigDecimal.ZERO;
        Reconciliation.LotExit last = null;
        for (Reconciliation.LotExit e : exits) {
            qty = qty.add(e.quantity());
            value = value.add(e.quantity().multiply(e.price()));
            pnl = pnl.add(lot.pnlOfClose(e.quantity(), e.price()).dollars());
            if (last == null || !e.at().isBefore(last.at())) {
                last = e;
            }
        }
        if (last == null) {
            throw new IllegalArgumentException("a settlement needs at least one exit");
        }
        return new LotSettlement(lot.id(), qty, Money.amount(value), Money.amount(pnl), last.reason(), last.at(),
                qty.compareTo(lot.quantity()) >= 0);
    }
}
