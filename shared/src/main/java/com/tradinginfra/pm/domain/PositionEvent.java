package com.tradinginfra.pm.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the append-only audit trail ({@code position_events}).
 *
 * @param account     the account
 * @param lotId       the lot, or null for account-level events
 * @param executionId the execution, when one is involved
 * @param event       what happened, with its details
 * @param at          the event time (the triggering event's time)
 */
public record PositionEvent(String account, Long lotId, UUID executionId, AuditEvent event, Instant at) {
    public PositionEvent {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
    }

    public static PositionEvent ofLot(Lot lot, AuditEvent event, Instant at) {
        return new PositionEvent(lot.account(), lot.id(), lot.executionId(), event, at);
    }

    public EventType type() {
        return event.type();
    }
}
