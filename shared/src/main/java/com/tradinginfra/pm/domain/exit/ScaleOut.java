package com.tradinginfra.pm.domain.exit;

import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.PositionSide;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * Scaling out: the first time a lot's gain reaches {@code triggerPct}, {@code fraction} of it is
 * closed (whole shares or contracts, rounded down, at least one; a lot of one unit is not split),
 * once per lot. After that partial exit has filled, the rest's stop may move to the entry price
 * (breakeven), never loosening a tighter stop.
 *
 * @param triggerPct         the gain in percent of the entry that triggers it; null when scaling out is off
 * @param fraction           the share of the lot to close, above 0 and below 1
 * @param breakevenAfterPartial whether the rest's stop moves to the entry once the partial exit filled
 */
public record ScaleOut(BigDecimal triggerPct, BigDecimal fraction, boolean breakevenAfterPartial) {
    /** Scaling out switched off (the default). */
    public static final ScaleOut OFF = new ScaleOut(null, new BigDecimal("0.5"), true);

    public ScaleOut {
        Objects.requireNonNull(fraction, "fraction");
        if (fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("the scale-out fraction must be above 0 and below 1, was " + fraction);
        }
        if (triggerPct != null && triggerPct.signum() <= 0) {
            throw new IllegalArgumentException("the scale-out trigger must be a positive percent, was " + triggerPct);
        }
    }

    public boolean enabled() {
        return triggerPct != null;
    }

    /**
     * The quantity to close of a lot holding {@code quantity}: {@code fraction} of it rounded down to
     * whole units, at least one; empty when the lot cannot be split (less than two units, or the
     * part would be all of it).
     */
    public Optional<BigDecimal> quantityOf(BigDecimal quantity) {
        if (quantity.compareTo(BigDecimal.valueOf(2)) < 0) {
            return Optional.empty();
        }
        BigDecimal part = quantity.multiply(fraction).setScale(0, RoundingMode.FLOOR).max(BigDecimal.ONE);
        return part.compareTo(quantity) < 0 ? Optional.of(part) : Optional.empty();
    }

    /**
     * The stop of the rest after a filled partial exit: the entry price, unless the current stop is
     * already tighter (higher for a long lot, lower for a short one).
     */
    public static BigDecimal breakevenStop(Lot lot) {
        BigDecimal entry = lot.entryPrice();
        if (lot.stopLoss() == null) {
            return entry;
        }
        return lot.side() == PositionSide.LONG ? lot.stopLoss().max(entry) : lot.stopLoss().min(entry);
    }
}
