package com.tradinginfra.pm.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of audit event: the stored {@code position_events.event_type} values, which operators
 * query by name (README, "Events").
 */
public enum EventType {
    TRACKED, ADOPTED, EXECUTION_REJECTED, EXIT_TRIGGERED, CLOSE_SUBMITTED, CLOSE_REFUSED, CLOSE_FAILED,
    CLOSE_DEFERRED, CLOSE_RESENT, CLOSE_RESTARTED, CLOSE_SKIPPED, PARTIALLY_CLOSED, CLOSED, ORPHANED_LEGS_CANCELED,
    ANOMALY, CLOSE_REQUESTED, CLOSE_RETRIED, TRADING_PAUSED, TRADING_RESUMED, PRICE_STALE,
    PROTECTION_ARMED, PROTECTION_REFUSED, PARTIAL_EXIT, SCALE_OUT_ENDED;

    /** The stored form, e.g. {@code exit_triggered}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type stored as {@code code}; empty for a code this version does not know. */
    public static Optional<EventType> find(String code) {
        for (EventType t : values()) {
            if (t.code().equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
