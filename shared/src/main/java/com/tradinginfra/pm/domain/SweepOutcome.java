package com.tradinginfra.pm.domain;

import com.tradinginfra.pm.domain.exit.ExitDecision;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one sweep learned about one open lot.
 *
 * @param lotId    the lot
 * @param price    the price seen, null when none was available
 * @param pnl      the unrealised P&L at that price, null without a price
 * @param peak     the best price so far
 * @param decision hold, or exit for a reason
 */
public record SweepOutcome(long lotId, BigDecimal price, Pnl pnl, BigDecimal peak, ExitDecision decision) {
    public SweepOutcome {
        Objects.requireNonNull(decision, "decision");
    }

    /** The quantity of a partial exit (scale-out) that fired, or null (hold, or close the whole lot). */
    public BigDecimal exitQuantity() {
        return decision instanceof ExitDecision.Exit exit ? exit.quantity() : null;
    }

    /** The rule that fired, or null. */
    public CloseReason exitReason() {
        return decision instanceof ExitDecision.Exit exit ? exit.reason() : null;
    }
}
