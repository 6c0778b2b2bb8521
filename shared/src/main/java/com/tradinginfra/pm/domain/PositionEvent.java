package com.tradinginfra.pm.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the append-only audit trail ({@code position_events}).
 *
 * @param account     the account
 * @param lotId       the lot, or null for account-level events
 * @param executionId the execution, when one is involved
 * @param type        e.g. {@code tracked}, {@code exit_triggered}, {@code close_submitted}
 * @param details     small JSON-able map (strings, numbers, booleans)
 * @param at          the event time (the triggering event's time)
 */
public record PositionEvent(String account, Long lotId, UUID executionId, String type, Map<String, Object> details,
                            Instant at) {
    public PositionEvent {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static PositionEvent ofLot(Lot lot, String type, Map<String, Object> details, Instant at) {
        return new PositionEvent(lot.account(), lot.id(), lot.executionId(), type, details, at);
    }
}
