package com.tradinginfra.pm.domain;

import java.util.Locale;

/** The dispatcher's {@code instrument_type}. */
public enum InstrumentType {
    STOCK, CALL, PUT;

    public boolean isOption() {
        return this != STOCK;
    }

    /** Parses {@code STOCK}, {@code CALL} or {@code PUT}, with a message naming the bad value. */
    public static InstrumentType parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("instrument_type is missing");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("instrument_type '" + value + "' is not STOCK, CALL or PUT");
        }
    }
}
