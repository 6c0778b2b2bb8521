package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order as the broker reports it.
 *
 * @param id              the broker's order id
 * @param clientOrderId   the id the submitter chose
 * @param symbol          the broker symbol
 * @param side            buy or sell
 * @param type            {@code market}, {@code limit}, {@code stop}, ...
 * @param orderClass      {@code simple} (Alpaca sends {@code ""}), {@code bracket}, {@code oco}, ...
 * @param quantity        ordered quantity
 * @param filledQuantity  quantity filled so far
 * @param filledAvgPrice  average fill price, null before the first fill
 * @param status          where the order is in its life (never null: {@link BrokerOrderStatus#UNKNOWN} when unreadable)
 * @param filledAt        when it filled, may be null
 * @param legs            bracket or OCO legs (nested), empty otherwise
 */
public record BrokerOrder(String id, String clientOrderId, String symbol, OrderSide side, String type,
                          String orderClass, BigDecimal quantity, BigDecimal filledQuantity,
                          BigDecimal filledAvgPrice, BrokerOrderStatus status, Instant filledAt, List<BrokerOrder> legs) {

    public BrokerOrder {
        Objects.requireNonNull(id, "id");
        legs = legs == null ? List.of() : List.copyOf(legs);
        filledQuantity = filledQuantity == null ? BigDecimal.ZERO : filledQuantity;
        status = status == null ? BrokerOrderStatus.UNKNOWN : status;
    }

    /** True once the broker will not fill any more of this order. */
    public boolean isTerminal() {
        return status.isTerminal();
    }

    /** True when the whole quantity has filled. */
    public boolean isFilled() {
        return status == BrokerOrderStatus.FILLED;
    }
}
