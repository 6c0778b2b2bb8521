package com.tradinginfra.pm.domain;

import java.util.Locale;
import java.util.Set;

/**
 * The lot state machine: OPEN → CLOSING → CLOSED, or CLOSING → CLOSE_FAILED. A lot can also go
 * straight from OPEN (or CLOSE_FAILED) to CLOSED when the broker closed it on its own (bracket leg,
 * liquidation, a person), and CLOSE_FAILED → CLOSING when an operator retries.
 *
 * <p>A scale-out (a partial exit) is CLOSING for part of the lot ({@link Lot#isScalingOut()}): it
 * holds the lot away from every other close (one writer), and when its order has ended the lot goes
 * CLOSING → OPEN with the smaller quantity. A full close never goes back to OPEN: the store's
 * conditional update allows that move only to a lot whose close is a scale-out.
 */
public enum LotStatus {
    OPEN, CLOSING, CLOSED, CLOSE_FAILED;

    /** True for every state in which the broker may still hold the lot. */
    public boolean isActive() {
        return this != CLOSED;
    }

    /** Whether this state may move to {@code next}. */
    public boolean canMoveTo(LotStatus next) {
        return switch (this) {
            case OPEN -> next == CLOSING || next == CLOSED;
            case CLOSING -> next == CLOSED || next == CLOSE_FAILED || next == OPEN; // OPEN: a scale-out ended
            case CLOSE_FAILED -> next == CLOSING || next == CLOSED;
            case CLOSED -> false;
        };
    }

    /** The stored form: {@code open}, {@code closing}, {@code closed}, {@code close_failed}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LotStatus fromCode(String code) {
        return valueOf(code.trim().toUpperCase(Locale.ROOT));
    }

    /** The stored codes of the active states. */
    public static Set<String> activeCodes() {
        return Set.of(OPEN.code(), CLOSING.code(), CLOSE_FAILED.code());
    }
}
