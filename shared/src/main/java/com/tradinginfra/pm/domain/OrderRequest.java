package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A closing order: always a {@code day} market order for a positive quantity, identified by a
 * deterministic client order id so a redelivered request finds it instead of sending it twice.
 *
 * @param symbol         the broker symbol: the OCC contract symbol for an option, never the underlying
 * @param quantity       positive quantity
 * @param side           buy or sell
 * @param clientOrderId  deterministic id of this close attempt
 */
public record OrderRequest(String symbol, BigDecimal quantity, OrderSide side, String clientOrderId) {
    public OrderRequest {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        if (quantity == null || quantity.signum() <= 0) {
            throw new IllegalArgumentException("order quantity must be positive, was " + quantity);
        }
    }
}
