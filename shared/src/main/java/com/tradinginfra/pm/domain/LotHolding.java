package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a lot holds by our books and how much of that the fills of some of its orders (its protective
 * legs) already took off, read in one snapshot: sync books a leg's fill and shrinks the lot in one
 * transaction, so the close sells {@code quantity} less only the legs' fills not yet booked, never a
 * booked fill twice (which would leave shares unsold) nor an unbooked one not at all (an oversell).
 *
 * @param quantity the lot's quantity now
 * @param booked   what the lot's exit fills of the given orders add up to
 */
public record LotHolding(BigDecimal quantity, BigDecimal booked) {
    public LotHolding {
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(booked, "booked");
    }

    /** What is left to sell once the orders' fills of {@code filled} in all are taken off. */
    public BigDecimal leftAfter(BigDecimal filled) {
        BigDecimal unbooked = filled.subtract(booked).max(BigDecimal.ZERO);
        return quantity.subtract(unbooked);
    }
}
