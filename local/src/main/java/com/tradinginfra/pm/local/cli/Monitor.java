package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.EventType;
import com.tradinginfra.pm.store.EventCodec;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a person watches: a table of the account's lots that redraws each tick (ANSI, when stdout
 * is a terminal) and one line per event that matters, read from {@code position_events}. When
 * stdout is not a terminal, only the event lines (plain log lines) and a status line now and then.
 */
final class Monitor implements AutoCloseable {
    static final Set<EventType> SHOWN = EnumSet.complementOf(EnumSet.of(EventType.CLOSE_RESENT, EventType.ORPHANED_LEGS_CANCELED));
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int EVENT_LINES = 14;

    private final DataSource ds;
    private java.sql.Connection connection;
    private final String account;
    private final PrintStream out;
    private final boolean live;
    private final String title;
    private final Deque<String> recent = new ArrayDeque<>();
    private long lastEventId;
    private int statusEvery;
    private int ticks;

    Monitor(DataSource ds, String account, PrintStream out, boolean live, String title) {
        this.ds = ds;
        this.account = account;
        this.out = out;
        this.live = live;
        this.title = title;
        if (live) {
            out.print("\033[2J\033[H");
        }
    }

    /** Queries on one kept connection (a new PostgreSQL session per query costs more than the query). */
    private List<Map<String, Object>> query(String sql, Object... params) {
        try {
            if (connection == null || connection.isClosed()) {
                connection = ds.getConnection();
            }
            return Db.query(connection, sql, params);
        } catch (java.sql.SQLException e) {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (java.sql.SQLException ignored) {
                // reconnect next time
            }
            connection = null;
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (java.sql.SQLException ignored) {
            // closing anyway
        }
        connection = null;
    }

    /** Shows only events from now on (a restarted 'pm run' does not replay the history). */
    Monitor skipExisting() {
        Object max = query("SELECT coalesce(max(id), 0) AS id FROM position_events WHERE account_name = ?", account).get(0).get("id");
        lastEventId = ((Number) max).longValue();
        return this;
    }

    /** In plain mode, print a status line every {@code n} ticks (0: never). */
    Monitor statusEvery(int n) {
        this.statusEvery = n;
        return this;
    }

    /** Reads new events: printed at once in plain mode, kept for the next redraw in live mode. */
    void poll() {
        List<Map<String, Object>> rows = query("SELECT pe.id, pe.event_type, pe.details::text AS details, pe.created_at, "
                + "ap.ticker, ap.option_symbol, ap.instrument_type FROM position_events pe "
                + "LEFT JOIN active_positions ap ON ap.id = pe.position_id "
                + "WHERE pe.account_name = ? AND pe.id > ? ORDER BY pe.id", account, lastEventId);
        for (Map<String, Object> r : rows) {
            lastEventId = ((Number) r.get("id")).longValue();
            if (EventType.find((String) r.get("event_type")).filter(SHOWN::contains).isEmpty()) {
                continue;
            }
            String line = eventLine(r);
            if (live) {
                recent.addLast(line);
                while (recent.size() > EVENT_LINES) {
                    recent.removeFirst();
                }
            } else {
                out.println(line);
            }
        }
    }

    /** One tick at {@code at}: new events, and the table (live) or a status line now and then (plain). */
    void tick(Instant at) {
        poll();
        ticks++;
        if (live) {
            redraw(at);
        } else if (statusEvery > 0 && ticks % statusEvery == 0) {
            out.println(clock(at) + " ET  status    " + status());
        }
    }

    static String clock(Instant at) {
        return CLOCK.format(at.atZone(TextTable.NEW_YORK));
    }

    private String status() {
        Map<String, Object> s = query("SELECT count(*) FILTER (WHERE status = 'open') AS open, "
                + "count(*) FILTER (WHERE status = 'closing') AS closing, count(*) FILTER (WHERE status = 'closed') AS closed, "
                + "count(*) FILTER (WHERE status = 'close_failed') AS failed, coalesce(sum(realized_pnl), 0) AS realized, "
                + "coalesce(sum(current_pnl_dollars) FILTER (WHERE status <> 'closed'), 0) AS unrealized "
                + "FROM active_positions WHERE account_name = ?", account).get(0);
        return "open " + s.get("open") + ", closing " + s.get("closing") + ", closed " + s.get("closed")
                + ", close_failed " + s.get("failed") + ", realised P&L " + TextTable.money((BigDecimal) s.get("realized"))
                + ", unrealised " + TextTable.money((BigDecimal) s.get("unrealized"));
    }

    private void redraw(Instant at) {
        StringBuilder sb = new StringBuilder("\033[H");
        List<String> lines = new ArrayList<>();
        lines.add(title + "   " + clock(at) + " ET   " + status());
        lines.add("");
        lines.addAll(lotTable().lines());
        lines.add("");
        lines.add("events:");
        lines.addAll(recent);
        for (String l : lines) {
            sb.append(l).append("\033[K\n");
        }
        sb.append("\033[J");
        out.print(sb);
        out.flush();
    }

    /** Every lot of the account: open ones with their live price, closed ones with their exit. */
    TextTable lotTable() {
        List<Map<String, Object>> lots = query("SELECT ticker, instrument_type, option_symbol, side, strategy_type, "
                + "original_quantity, quantity, entry_price, current_price, current_pnl_dollars, current_pnl_percent, stop_loss, "
                + "take_profit, peak_price, status, close_reason, exit_price, realized_pnl, closed_quantity "
                + "FROM active_positions WHERE account_name = ? ORDER BY (status = 'closed'), id", account);
        TextTable t = new TextTable(List.of("symbol", "type", "side", "qty", "entry", "last", "P&L $", "P&L %", "stop",
                "target", "status")).rightAlign(3, 4, 5, 6, 7, 8, 9);
        for (Map<String, Object> l : lots) {
            boolean closed = "closed".equals(l.get("status"));
            String symbol = l.get("option_symbol") != null ? (String) l.get("option_symbol") : (String) l.get("ticker");
            String type = ((String) l.get("instrument_type")).toLowerCase() + ("day_trade".equals(l.get("strategy_type")) ? " day" : "");
            BigDecimal entry = (BigDecimal) l.get("entry_price");
            BigDecimal last = closed ? (BigDecimal) l.get("exit_price") : (BigDecimal) l.get("current_price");
            BigDecimal pnl = closed ? (BigDecimal) l.get("realized_pnl") : (BigDecimal) l.get("current_pnl_dollars");
            BigDecimal pct = closed ? percent(l) : (BigDecimal) l.get("current_pnl_percent");
            String status = (String) l.get("status");
            if (l.get("close_reason") != null) {
                status += " " + l.get("close_reason");
            }
            t.add(List.of(symbol, type, (String) l.get("side"), TextTable.qty((BigDecimal) l.get("original_quantity")),
                    TextTable.plain(entry), TextTable.plain(last), TextTable.money(pnl), TextTable.percent(pct),
                    TextTable.plain((BigDecimal) l.get("stop_loss")), TextTable.plain((BigDecimal) l.get("take_profit")), status));
        }
        return t;
    }

    private static BigDecimal percent(Map<String, Object> l) {
        BigDecimal exit = (BigDecimal) l.get("exit_price");
        BigDecimal entry = (BigDecimal) l.get("entry_price");
        if (exit == null || entry == null || entry.signum() == 0) {
            return null;
        }
        BigDecimal move = exit.subtract(entry).multiply(BigDecimal.valueOf(100)).divide(entry, 2, RoundingMode.HALF_EVEN);
        return "short".equals(l.get("side")) ? move.negate() : move;
    }

    /** e.g. {@code 10:15:15 ET  exit_triggered   AAPL                  stop_loss: price 225.1 crossed stop 225.4}. */
    static String eventLine(Map<String, Object> r) {
        String type = (String) r.get("event_type");
        AuditEvent event = EventCodec.decode(type, String.valueOf(r.get("details")));
        String symbol = r.get("option_symbol") != null ? (String) r.get("option_symbol")
                : r.get("ticker") != null ? (String) r.get("ticker") : event.symbol();
        Object created = r.get("created_at");
        Instant at = created instanceof OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) created).toInstant();
        return String.format("%s ET  %-16s %-21s %s", clock(at), type, symbol == null ? "" : symbol, text(event));
    }

    /** What an event says, in a line. */
    static String text(AuditEvent event) {
        if (event instanceof AuditEvent.Tracked e) {
            return e.side().code() + " " + qty(e.quantity()) + " @ " + amount(e.entryPrice()) + "  stop " + amount(e.stopLoss())
                    + "  target " + amount(e.takeProfit());
        }
        if (event instanceof AuditEvent.Adopted e) {
            return e.side().code() + " " + qty(e.quantity()) + " @ " + amount(e.entryPrice()) + "  (a broker position no execution explains)";
        }
        if (event instanceof AuditEvent.ExitTriggered e) {
            return e.rule().code() + ": " + orDash(e.detail());
        }
        if (event instanceof AuditEvent.CloseSubmitted e) {
            return e.side().wire() + " " + qty(e.quantity()) + " (" + orDash(e.reason()) + ", client order " + orDash(e.clientOrderId()) + ")";
        }
        if (event instanceof AuditEvent.Closed e) {
            return settled(e.quantity(), e.exitPrice(), e.realizedPnl(), e.reason().code(), e.source());
        }
        if (event instanceof AuditEvent.PartiallyClosed e) {
            return settled(e.quantity(), e.exitPrice(), e.realizedPnl(), e.reason().code(), e.source());
        }
        if (event instanceof AuditEvent.PartialExit e) {
            return qty(e.quantity()) + " at " + amount(e.exitPrice()) + "  P&L " + amount(e.realizedPnl()) + "  (scale-out, "
                    + qty(e.left()) + " left, from " + orDash(e.source()) + ")";
        }
        if (event instanceof AuditEvent.ScaleOutEnded e) {
            return "sold " + qty(e.filled()) + ", stop " + amount(e.stopBefore()) + " -> " + amount(e.stopAfter()) + "  (" + orDash(e.why()) + ")";
        }
        if (event instanceof AuditEvent.Anomaly e) {
            return orDash(e.message());
        }
        if (event instanceof AuditEvent.ExecutionRejected e) {
            return e.field() + ": " + orDash(e.error());
        }
        // The rest as key=value, in the order PostgreSQL's jsonb returns the keys (shorter first).
        if (event instanceof AuditEvent.CloseRefused e) {
            return refusal(e.status().code(), e.attempt(), e.failure().name(), e.brokerStatus(), e.brokerMessage());
        }
        if (event instanceof AuditEvent.CloseFailed e) {
            return refusal(e.status().code(), e.attempt(), e.failure().name(), e.brokerStatus(), e.brokerMessage());
        }
        if (event instanceof AuditEvent.CloseSkipped e) {
            return "why=" + e.why() + ", attempt=" + e.attempt();
        }
        if (event instanceof AuditEvent.CloseDeferred e) {
            return "attempt=" + e.attempt() + (e.brokerMessage() == null ? "" : ", broker_message=" + e.brokerMessage())
                    + (e.why() == null ? "" : ", why=" + e.why());
        }
        if (event instanceof AuditEvent.CloseRestarted e) {
            return "attempt=" + e.attempt() + ", previous_order_status=" + e.previousOrderStatus();
        }
        if (event instanceof AuditEvent.CloseResent e) {
            return "attempt=" + e.attempt();
        }
        if (event instanceof AuditEvent.OrphanedLegsCanceled e) {
            return "orders=" + String.join(",", e.orders());
        }
        if (event instanceof AuditEvent.CloseRequested e) {
            return e.command().code() + " by " + e.by() + ": " + orDash(e.why()) + " (attempt " + e.attempt() + ")";
        }
        if (event instanceof AuditEvent.CloseRetried e) {
            return "retry by " + e.by() + (e.why() == null ? "" : ": " + e.why()) + " (attempt " + e.attempt() + ")";
        }
        if (event instanceof AuditEvent.TradingPaused e) {
            return "by " + e.by() + ": " + orDash(e.why()) + "  (no exits decided, no orders sent until resumed)";
        }
        if (event instanceof AuditEvent.TradingResumed e) {
            return "by " + e.by() + (e.why() == null ? "" : ": " + e.why());
        }
        throw new IllegalStateException("no line for " + event.type()); // unreachable: the interface is sealed
    }

    private static String settled(BigDecimal quantity, BigDecimal exitPrice, BigDecimal pnl, String reason, String source) {
        return qty(quantity) + " at " + amount(exitPrice) + "  P&L " + amount(pnl) + "  (" + reason + ", from " + orDash(source) + ")";
    }

    private static String refusal(String status, int attempt, String failure, int brokerStatus, String brokerMessage) {
        return "status=" + status + ", attempt=" + attempt + ", failure=" + failure + ", broker_status=" + brokerStatus
                + ", broker_message=" + brokerMessage;
    }

    private static String amount(BigDecimal v) {
        return v == null ? "-" : TextTable.plain(v);
    }

    private static String qty(BigDecimal v) {
        return v == null ? "-" : v.toPlainString();
    }

    private static String orDash(String v) {
        return v == null ? "-" : v;
    }
}
