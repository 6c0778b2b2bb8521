package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.util.Locale;

/** Long or short. A lot's side decides the direction of its P&L and of its closing order. */
public enum PositionSide {
    LONG, SHORT;

    /** The dispatcher's execution side: {@code buy} opens a long lot, {@code sell} a short one. */
    public static PositionSide fromExecutionSide(String side) {
        if (side == null) {
            throw new IllegalArgumentException("side is missing");
        }
        return switch (side.trim().toLowerCase(Locale.ROOT)) {
            case "buy", "long" -> LONG;
            case "sell", "short", "sell_short" -> SHORT;
            default -> throw new IllegalArgumentException("side '" + side + "' is neither buy nor sell");
        };
    }

    /** The side of the order that reduces this position: sell a long, buy back a short. */
    public OrderSide closingOrderSide() {
        return this == LONG ? OrderSide.SELL : OrderSide.BUY;
    }

    /** The side of the order that opens or adds to this position. */
    public OrderSide openingOrderSide() {
        return this == LONG ? OrderSide.BUY : OrderSide.SELL;
    }

    /** +1 for long, -1 for short. */
    public BigDecimal sign() {
        return this == LONG ? BigDecimal.ONE : BigDecimal.ONE.negate();
    }

    /** The stored form: {@code long} or {@code short}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PositionSide fromCode(String code) {
        return valueOf(code.trim().toUpperCase(Locale.ROOT));
    }
}
