package com.tradinginfra.pm.domain;

import java.math.BigDecimal;

/**
 * Profit and loss of a quantity between an entry and a price: in dollars (with the option
 * multiplier of 100) and in percent of the entry.
 *
 * @param dollars signed dollars
 * @param percent signed percent of the entry price
 */
public record Pnl(BigDecimal dollars, BigDecimal percent) {

    /**
     * P&L of {@code quantity} units held on {@code side}, entered at {@code entry}, valued at {@code price}.
     */
    public static Pnl of(PositionSide side, BigDecimal quantity, BigDecimal multiplier, BigDecimal entry, BigDecimal price) {
        BigDecimal perUnit = price.subtract(entry).multiply(side.sign());
        return new Pnl(Money.amount(perUnit.multiply(quantity).multiply(multiplier)), Money.percent(perUnit, entry));
    }

    /** The outcome word stored in {@code position_history}: win, loss or breakeven. */
    public String outcome() {
        int sign = dollars.signum();
        return sign > 0 ? "win" : sign < 0 ? "loss" : "breakeven";
    }
}
