package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One position as the broker holds it: all lots of one symbol summed.
 *
 * @param symbol          the broker symbol (OCC contract symbol for options)
 * @param optionPosition  true when the broker reports {@code asset_class: us_option}
 * @param quantity        signed: negative for a short position
 * @param qtyAvailable    signed like {@code quantity}; less than it while open orders hold shares
 * @param avgEntryPrice   the broker's average entry price
 * @param currentPrice    the broker's last price, may be null
 */
public record BrokerPosition(String symbol, boolean optionPosition, BigDecimal quantity,
                             BigDecimal qtyAvailable, BigDecimal avgEntryPrice, BigDecimal currentPrice) {
    public BrokerPosition {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(quantity, "quantity");
    }

    /** The unsigned size of the position. */
    public BigDecimal size() {
        return quantity.abs();
    }

    /** The direction of the position, or null when it is flat. */
    public PositionSide side() {
        int sign = quantity.signum();
        return sign > 0 ? PositionSide.LONG : sign < 0 ? PositionSide.SHORT : null;
    }
}
