package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.PositionEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The SQL of {@code position_events}: append only; types and details are written by {@link EventCodec}. */
final class EventTable {
    private static final String APPEND = "INSERT INTO position_events (account_name, position_id, execution_id, event_type, details, created_at) "
            + "SELECT v.account, v.lot, v.execution, v.type, v.details::jsonb, v.at "
            + "FROM unnest(?::text[], ?::bigint[], ?::uuid[], ?::text[], ?::text[], ?::timestamptz[]) AS v(account, lot, execution, type, details, at)";

    // Once per execution: the unique index on (account_name, execution_id) WHERE event_type = 'execution_rejected'.
    private static final String REJECTION = "INSERT INTO position_events (account_name, execution_id, event_type, details, created_at) "
            + "VALUES (?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING";

    void append(Connection c, List<PositionEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        List<String> accounts = new ArrayList<>();
        List<Long> lots = new ArrayList<>();
        List<UUID> executions = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<Instant> at = new ArrayList<>();
        for (PositionEvent e : events) {
            accounts.add(e.account());
            lots.add(e.lotId());
            executions.add(e.executionId());
            types.add(EventCodec.type(e.event()));
            details.add(EventCodec.details(e.event()));
            at.add(e.at());
        }
        Sql.update(c, APPEND, Sql.array(c, "text", accounts), Sql.array(c, "bigint", lots), Sql.array(c, "uuid", executions),
                Sql.array(c, "text", types), Sql.array(c, "text", details), Sql.array(c, "timestamptz", at));
    }

    boolean rejection(Connection c, String account, UUID executionId, String field, String message, Instant at) throws SQLException {
        AuditEvent rejected = new AuditEvent.ExecutionRejected(field, message);
        return Sql.update(c, REJECTION, account, executionId, EventCodec.type(rejected), EventCodec.details(rejected), at) == 1;
    }
}
