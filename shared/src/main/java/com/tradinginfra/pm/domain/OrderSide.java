package com.tradinginfra.pm.domain;

import java.util.Locale;

/** The side of a broker order or fill. */
public enum OrderSide {
    BUY, SELL;

    /** The broker's wire form: {@code buy} or {@code sell}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a side as Alpaca sends it. FILL activities say {@code sell_short} for a sale that
     * opens a short position, which is still a sale.
     */
    public static OrderSide fromWire(String side) {
        if (side == null) {
            throw new IllegalArgumentException("order side is missing");
        }
        return switch (side.trim().toLowerCase(Locale.ROOT)) {
            case "buy", "buy_to_cover", "buy_to_close", "buy_to_open" -> BUY;
            case "sell", "sell_short", "sell_to_close", "sell_to_open" -> SELL;
            default -> throw new IllegalArgumentException("unknown order side '" + side + "'");
        };
    }
}
