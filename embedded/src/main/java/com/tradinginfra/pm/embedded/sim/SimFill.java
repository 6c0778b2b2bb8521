package com.tradinginfra.pm.embedded.sim;

import java.math.BigDecimal;
import java.time.Instant;

/** A FILL activity. {@code side} is {@code buy}, {@code sell} or {@code sell_short}; {@code type} {@code fill} or {@code partial_fill}. */
record SimFill(String id, String orderId, String symbol, String side, BigDecimal qty, BigDecimal price, Instant time,
               String type, BigDecimal cumQty, BigDecimal leavesQty, String orderStatus) {
}
