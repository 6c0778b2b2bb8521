package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounding rules for prices, P&L and percents, kept in one place. */
public final class Money {
    /** Prices keep 4 decimals: options and sub-dollar stocks trade below a cent. */
    public static final int PRICE_SCALE = 4;
    /** Dollar amounts keep cents... and two more digits, so sums of many fills stay exact enough. */
    public static final int AMOUNT_SCALE = 4;
    public static final int PERCENT_SCALE = 4;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Money() {
    }

    public static BigDecimal price(BigDecimal value) {
        return value == null ? null : value.setScale(PRICE_SCALE, RoundingMode.HALF_EVEN);
    }

    public static BigDecimal amount(BigDecimal value) {
        return value == null ? null : value.setScale(AMOUNT_SCALE, RoundingMode.HALF_EVEN);
    }

    /** {@code part / whole × 100}, or zero when {@code whole} is zero. */
    public static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        if (whole == null || whole.signum() == 0) {
            return BigDecimal.ZERO.setScale(PERCENT_SCALE);
        }
        return part.multiply(HUNDRED).divide(whole, PERCENT_SCALE, RoundingMode.HALF_EVEN);
    }

    /** {@code value × (1 + pct/100)}. */
    public static BigDecimal plusPercent(BigDecimal value, BigDecimal pct) {
        return price(value.multiply(BigDecimal.ONE.add(pct.divide(HUNDRED))));
    }

    /** {@code value × (1 − pct/100)}. */
    public static BigDecimal minusPercent(BigDecimal value, BigDecimal pct) {
        return price(value.multiply(BigDecimal.ONE.subtract(pct.divide(HUNDRED))));
    }

    /** Volume-weighted average price of {@code value / quantity}. */
    public static BigDecimal averagePrice(BigDecimal value, BigDecimal quantity) {
        return value.divide(quantity, PRICE_SCALE, RoundingMode.HALF_EVEN);
    }
}
