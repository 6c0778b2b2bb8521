package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Part of a lot booked from a filled order's totals, before any FILL activity of it was published
 * (the position had shrunk; Alpaca publishes fills late at times). When that order's fills arrive at
 * a later sync they are this booking's echo: accounted to the same lot, and no second sale.
 *
 * @param orderId  the broker's order id
 * @param lotId    the lot booked
 * @param quantity as written, the quantity booked; as read back, what no fill of the order has matched yet
 */
public record OrderBooking(String orderId, long lotId, BigDecimal quantity) {
    public OrderBooking {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(quantity, "quantity");
    }
}
