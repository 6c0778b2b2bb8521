package com.tradinginfra.pm.domain.exit;

import java.util.Locale;

/**
 * What to do with a lot whose protective legs are gone while the position remains
 * ({@code MISSING_BRACKETS_ACTION}).
 */
public enum MissingBracketsAction {
    /** Close the lot (the missing-brackets exit rule). */
    CLOSE,
    /**
     * Protect a stock lot again with a one-cancels-other pair (stop at the lot's stop, limit at its
     * target); an option lot, which cannot carry such orders, is closed.
     */
    REARM;

    /** The configured form: {@code close} or {@code rearm}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code close} or {@code rearm} (any case); anything else is an {@link IllegalArgumentException}. */
    public static MissingBracketsAction of(String code) {
        if (code != null) {
            for (MissingBracketsAction a : values()) {
                if (a.code().equals(code.trim().toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("missing-brackets action must be close or rearm, was '" + code + "'");
    }
}
