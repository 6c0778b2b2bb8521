package com.tradinginfra.pm.broker;

import java.util.Locale;

/** Alpaca's stock data feeds ({@code feed=} on stock data requests). */
public enum StockFeed {
    /** IEX: every account has it. */
    IEX,
    /** SIP, all US exchanges: needs a subscription. */
    SIP;

    /** The value of the {@code feed} parameter. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The feed named {@code value} (case-insensitive). */
    public static StockFeed of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
