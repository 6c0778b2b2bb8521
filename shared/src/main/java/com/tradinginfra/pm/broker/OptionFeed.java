package com.tradinginfra.pm.broker;

import java.util.Locale;

/** Alpaca's option data feeds ({@code feed=} on option data requests). */
public enum OptionFeed {
    /** Indicative, delayed: what accounts without an OPRA subscription get. */
    INDICATIVE,
    /** OPRA, real time: needs a subscription. */
    OPRA;

    /** The value of the {@code feed} parameter. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The feed named {@code value} (case-insensitive). */
    public static OptionFeed of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
