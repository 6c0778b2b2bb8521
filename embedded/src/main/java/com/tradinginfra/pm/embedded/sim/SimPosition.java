package com.tradinginfra.pm.embedded.sim;

import com.tradinginfra.pm.domain.OccSymbol;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** One position of an account: signed quantity (negative when short) and average entry price. */
final class SimPosition {
    final String symbol;
    final boolean option;
    private BigDecimal qty = BigDecimal.ZERO;
    private BigDecimal avg = BigDecimal.ZERO;

    SimPosition(String symbol) {
        this.symbol = symbol;
        this.option = isOption(symbol);
    }

    static boolean isOption(String symbol) {
        return OccSymbol.looksLikeOcc(symbol);
    }

    BigDecimal qty() {
        return qty;
    }

    BigDecimal avg() {
        return avg;
    }

    /** The side of an order that reduces this position. */
    String reducingSide() {
        return qty.signum() > 0 ? "sell" : "buy";
    }

    /**
     * Adds {@code signed} units bought (positive) or sold (negative) at {@code price}: adding to the
     * position averages the entry; crossing through zero opens the remainder at this price.
     */
    void add(BigDecimal signed, BigDecimal price) {
        BigDecimal before = qty;
        BigDecimal after = before.add(signed);
        if (before.signum() == 0 || before.signum() == signed.signum()) {
            avg = before.abs().multiply(avg).add(signed.abs().multiply(price))
                    .divide(after.abs(), 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
        } else if (after.signum() != 0 && after.signum() != before.signum()) {
            avg = price;
        }
        qty = after;
    }
}
