package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One FILL activity: a (partial) execution of an order at the broker.
 *
 * @param id               the activity id, unique per account
 * @param orderId          the order that filled
 * @param symbol           the broker symbol
 * @param side             buy or sell ({@code sell_short} reads as sell)
 * @param quantity         quantity of this fill
 * @param price            price of this fill
 * @param transactionTime  when it happened
 */
public record BrokerFill(String id, String orderId, String symbol, OrderSide side, BigDecimal quantity,
                         BigDecimal price, Instant transactionTime) {
    public BrokerFill {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(transactionTime, "transactionTime");
    }
}
