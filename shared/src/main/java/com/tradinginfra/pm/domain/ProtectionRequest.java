package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A one-cancels-other pair that protects an existing position: a limit at the target and a stop at
 * the stop price, both on the closing side, for at most what the broker holds. Stocks only.
 *
 * @param symbol         the stock's symbol
 * @param quantity       whole shares, positive
 * @param side           the closing side: sell for a long lot, buy for a short one
 * @param takeProfit     the limit price
 * @param stopLoss       the stop price
 * @param clientOrderId  deterministic id of this arm ({@link ProtectionOrderId})
 */
public record ProtectionRequest(String symbol, BigDecimal quantity, OrderSide side, BigDecimal takeProfit,
                                BigDecimal stopLoss, String clientOrderId) {
    public ProtectionRequest {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(takeProfit, "takeProfit");
        Objects.requireNonNull(stopLoss, "stopLoss");
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        if (quantity == null || quantity.signum() <= 0 || quantity.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("protection quantity must be a positive whole number, was " + quantity);
        }
        boolean sells = side == OrderSide.SELL;
        if (sells ? takeProfit.compareTo(stopLoss) <= 0 : takeProfit.compareTo(stopLoss) >= 0) {
            throw new IllegalArgumentException("take profit " + takeProfit.toPlainString() + " must be "
                    + (sells ? "above" : "below") + " the stop " + stopLoss.toPlainString() + " for a " + side.wire() + " pair");
        }
    }
}
