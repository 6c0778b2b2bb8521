package com.tradinginfra.pm.domain;

import java.util.Locale;

/** Why a lot was closed: the stored {@code close_reason} values (docs/ARCHITECTURE.md, "Tables and views"). */
public enum CloseReason {
    STOP_LOSS, TAKE_PROFIT, TRAILING_STOP, MISSING_BRACKETS, DAY_TRADE_CUTOFF, OPTION_EXPIRY,
    MAX_HOLD_TIME, CLOSED_EXTERNALLY, MANUAL,
    /** A scale-out: part of the lot closed at its partial profit target (the lot stays open). */
    PARTIAL_PROFIT;

    /** The stored form, e.g. {@code stop_loss}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CloseReason fromCode(String code) {
        return valueOf(code.trim().toUpperCase(Locale.ROOT));
    }
}
