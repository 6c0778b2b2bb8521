package com.tradinginfra.pm.embedded;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.PositionEvent;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.store.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit events through PostgreSQL's jsonb and back: what the store writes, the monitor and the demo read unchanged. */
class EventTableTest {
    private static final Instant T0 = Instant.parse("2026-11-20T15:00:00Z");
    @RegisterExtension
    final FreshPositionStore fresh = new FreshPositionStore();

    @Test
    void eventsWrittenByTheStoreReadBackAsTheSameRecords() throws SQLException {
        List<AuditEvent> written = List.of(
                new AuditEvent.Tracked("AAPL", PositionSide.LONG, new BigDecimal("10"), new BigDecimal("230.5000"),
                        new BigDecimal("218.9750"), new BigDecimal("265.0750")),
                // jsonb keeps a number's scale: 225.10 stays 225.10
                new AuditEvent.ExitTriggered(CloseReason.STOP_LOSS, "price 225.1 crossed stop 225.4", "AAPL", new BigDecimal("225.10"), 1),
                new AuditEvent.ExitTriggered(CloseReason.MISSING_BRACKETS, "protective legs [s, t] are no longer open", "MSFT", null, 2),
                new AuditEvent.CloseFailed(3, BrokerFailure.INSUFFICIENT_BUYING_POWER, 403, "insufficient \"options\" buying power",
                        LotStatus.CLOSE_FAILED),
                new AuditEvent.OrphanedLegsCanceled(List.of("leg-1", "leg-2")));
        long lot = fresh.store.track(List.of(new NewLot("main", UUID.randomUUID(), new Instrument.Stock("AAPL"), PositionSide.LONG,
                BigDecimal.TEN, new BigDecimal("230.5000"), T0, new BigDecimal("218.9750"), new BigDecimal("265.0750"),
                "swing_trade", null, ProtectiveLegs.NONE, null)), T0).get(0);
        List<PositionEvent> events = new ArrayList<>();
        written.forEach(e -> events.add(new PositionEvent("main", lot, null, e, T0)));
        fresh.store.append(events);
        UUID bad = UUID.randomUUID();
        assertThat(fresh.store.recordRejection("main", bad, "entry_price", "entry_price is missing", T0)).isTrue();
        assertThat(fresh.store.recordRejection("main", bad, "entry_price", "entry_price is missing", T0)).as("once").isFalse();

        List<AuditEvent> read = new ArrayList<>();
        try (Connection c = fresh.db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT event_type, details::text AS details, details->>'"
                     + EventCodec.Keys.RULE + "' AS rule FROM position_events WHERE account_name = ? ORDER BY id")) {
            s.setString(1, "main");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    read.add(EventCodec.decode(rs.getString("event_type"), rs.getString("details")));
                    if (rs.getString("event_type").equals("exit_triggered")) {
                        assertThat(rs.getString("rule")).isIn("stop_loss", "missing_brackets");
                    }
                }
            }
        }
        List<AuditEvent> expected = new ArrayList<>(written);
        expected.add(new AuditEvent.ExecutionRejected("entry_price", "entry_price is missing"));
        assertThat(read).containsExactlyElementsOf(expected);
    }
}
