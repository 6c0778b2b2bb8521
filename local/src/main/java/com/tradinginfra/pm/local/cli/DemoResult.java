package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.EventType;
import com.tradinginfra.pm.store.EventCodec;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The end of a demo: what happened, read back from the database, and whether anything was missed. */
final class DemoResult {
    /** One lot as the report and the summary see it. */
    record LotRow(long id, String symbol, String ticker, String type, String side, String strategy, BigDecimal quantity,
                  BigDecimal entryPrice, Instant entryTime, BigDecimal stop, BigDecimal target, BigDecimal peak,
                  String status, String closeReason, BigDecimal exitPrice, Instant closedAt, BigDecimal realizedPnl,
                  BigDecimal currentPrice, BigDecimal currentPnl, Instant triggeredAt, String triggerRule, Instant confirmedAt,
                  boolean adopted, Integer maxHoldMinutes) {
        boolean closed() {
            return "closed".equals(status);
        }
    }

    final List<LotRow> lots = new ArrayList<>();
    final Map<String, Integer> exitsByRule = new LinkedHashMap<>();
    final Map<String, Integer> triggersByRule = new LinkedHashMap<>();
    final Set<String> rulesFired = new TreeSet<>();
    final List<String> rulesMissing = new ArrayList<>();
    final List<String> shouldHaveClosed = new ArrayList<>();
    /** Lots that scaled out, with when their partial exit filled first. */
    final List<String> scaledOut = new ArrayList<>();
    BigDecimal realizedPnl = BigDecimal.ZERO;
    String slowestExit = "none";
    int deadLetters;
    int failedTicks;
    Map<String, Integer> deadLettersByQueue;
    Instant open;
    Instant close;
    Instant end;
    Duration startup;
    Duration simulation;
    Path reportPath;

    boolean ok() {
        return shouldHaveClosed.isEmpty() && deadLetters == 0 && rulesMissing.isEmpty();
    }

    int tracked() {
        return (int) lots.stream().filter(l -> !l.adopted()).count();
    }

    int adopted() {
        return (int) lots.stream().filter(LotRow::adopted).count();
    }

    /** Each closed lot as {@code symbol reason exit_price}, for comparing two runs. */
    List<String> exits() {
        return lots.stream().filter(LotRow::closed)
                .map(l -> l.symbol() + " " + l.closeReason() + " " + l.exitPrice().stripTrailingZeros().toPlainString()
                        + " " + Monitor.clock(l.closedAt()))
                .sorted().toList();
    }

    /** Every lot with when its exit triggered (and by which rule) and when its close was recorded. */
    // A scale-out's trigger is not the lot's exit (the lot stays open): left out here, counted in scaledOut.
    private static final String FULL_EXIT = " AND e.details->>'" + EventCodec.Keys.RULE + "' <> '" + CloseReason.PARTIAL_PROFIT.code() + "'";
    private static final String LOTS = "SELECT ap.*, "
            + "(SELECT min(created_at) FROM position_events e WHERE e.position_id = ap.id AND e.event_type = ?" + FULL_EXIT
            + ") AS triggered_at, "
            + "(SELECT details->>'" + EventCodec.Keys.RULE + "' FROM position_events e WHERE e.position_id = ap.id AND e.event_type = ?"
            + FULL_EXIT + " ORDER BY id LIMIT 1) AS trigger_rule, "
            + "(SELECT min(created_at) FROM position_events e WHERE e.position_id = ap.id AND e.event_type = '"
            + EventType.PARTIAL_EXIT.code() + "') AS scaled_out_at, "
            + "(SELECT min(created_at) FROM position_events e WHERE e.position_id = ap.id AND e.event_type = ?) AS confirmed_at "
            + "FROM active_positions ap WHERE ap.account_name = ? ORDER BY ap.id";

    static DemoResult collect(DataSource ds, String account, DemoScenario scenario, ManagerSettings settings, Instant open,
                              Instant close, Instant end, int deadLetters, Map<String, Integer> byQueue, Duration startup,
                              Duration simulation) {
        DemoResult r = new DemoResult();
        r.open = open;
        r.close = close;
        r.end = end;
        r.deadLetters = deadLetters;
        r.deadLettersByQueue = byQueue;
        r.startup = startup;
        r.simulation = simulation;
        List<Map<String, Object>> rows = Db.query(ds, LOTS, EventType.EXIT_TRIGGERED.code(), EventType.EXIT_TRIGGERED.code(),
                EventType.CLOSED.code(), account);
        for (Map<String, Object> m : rows) {
            String symbol = m.get("option_symbol") != null ? (String) m.get("option_symbol") : (String) m.get("ticker");
            if (m.get("scaled_out_at") != null) {
                r.scaledOut.add(symbol + " at " + Monitor.clock(instant(m.get("scaled_out_at"))));
            }
            r.lots.add(new LotRow(((Number) m.get("id")).longValue(), symbol, (String) m.get("ticker"), (String) m.get("instrument_type"),
                    (String) m.get("side"), (String) m.get("strategy_type"), (BigDecimal) m.get("original_quantity"),
                    (BigDecimal) m.get("entry_price"), instant(m.get("entry_time")), (BigDecimal) m.get("stop_loss"),
                    (BigDecimal) m.get("take_profit"), (BigDecimal) m.get("peak_price"), (String) m.get("status"),
                    (String) m.get("close_reason"), (BigDecimal) m.get("exit_price"), instant(m.get("closed_at")),
                    (BigDecimal) m.get("realized_pnl"), (BigDecimal) m.get("current_price"), (BigDecimal) m.get("current_pnl_dollars"),
                    instant(m.get("triggered_at")), (String) m.get("trigger_rule"), instant(m.get("confirmed_at")),
                    m.get("execution_id") == null, m.get("max_hold_minutes") == null ? null : ((Number) m.get("max_hold_minutes")).intValue()));
        }
        for (String rule : DemoScenario.RULES) {
            r.exitsByRule.put(rule, 0);
            r.triggersByRule.put(rule, 0);
        }
        Duration slowest = null;
        String slowestSymbol = null;
        for (LotRow l : r.lots) {
            if (l.triggerRule() != null) {
                r.triggersByRule.merge(l.triggerRule(), 1, Integer::sum);
                r.rulesFired.add(l.triggerRule());
            }
            if (l.closed()) {
                r.exitsByRule.merge(l.closeReason(), 1, Integer::sum);
                if (DemoScenario.RULES.contains(l.closeReason())) {
                    r.rulesFired.add(l.closeReason());
                }
                if (l.realizedPnl() != null) {
                    r.realizedPnl = r.realizedPnl.add(l.realizedPnl());
                }
                if (l.triggeredAt() != null && l.confirmedAt() != null) {
                    Duration d = Duration.between(l.triggeredAt(), l.confirmedAt());
                    // a tie goes to the first symbol, whatever the order the lots were tracked in
                    if (slowest == null || d.compareTo(slowest) > 0
                            || d.equals(slowest) && l.symbol().compareTo(slowestSymbol) < 0) {
                        slowest = d;
                        slowestSymbol = l.symbol();
                        long toFill = l.closedAt() == null ? 0 : Math.max(0, Duration.between(l.triggeredAt(), l.closedAt()).toSeconds());
                        long ticks = (d.toSeconds() + 59) / 60;
                        r.slowestExit = l.symbol() + " " + l.closeReason() + ": triggered " + Monitor.clock(l.triggeredAt())
                                + ", filled " + Monitor.clock(l.closedAt()) + " (" + toFill / 15 + " sweeps later), recorded closed "
                                + Monitor.clock(l.confirmedAt()) + " ET = " + ticks + " tick" + (ticks == 1 ? "" : "s")
                                + " (" + d.toSeconds() + " s) from trigger to recorded fill";
                    }
                }
            }
        }
        r.judge(scenario, settings);
        return r;
    }

    /** Lots left open that should have closed, and rules that should have fired but did not. */
    private void judge(DemoScenario scenario, ManagerSettings settings) {
        Duration grace = Duration.ofMinutes(2);
        Instant lastSession = end.isBefore(close) ? end : close;
        Instant cutoff = close.minus(settings.exits().dayTradeCutoff());
        for (LotRow l : lots) {
            if (l.closed()) {
                continue;
            }
            String what = l.symbol() + " (" + l.status() + ")";
            if (l.triggeredAt() != null && l.triggeredAt().plus(grace).isBefore(end)) {
                shouldHaveClosed.add(what + ": " + l.triggerRule() + " fired at " + Monitor.clock(l.triggeredAt()) + " ET but it is not closed");
            } else if ("day_trade".equals(l.strategy()) && !cutoff.plus(grace).isAfter(end)) {
                shouldHaveClosed.add(what + ": day trade still open after the cutoff " + Monitor.clock(cutoff) + " ET");
            } else if (!l.type().equals("STOCK")) {
                Instant expiresAt = com.tradinginfra.pm.domain.OccSymbol.parse(l.symbol()).expiresAt();
                Instant due = expiresAt.minus(settings.exits().optionExpiryCutoff());
                due = due.isBefore(open) ? open : due;
                if (!due.plus(grace).isAfter(lastSession)) {
                    shouldHaveClosed.add(what + ": option within " + settings.exits().optionExpiryCutoff().toHours()
                            + " h of its expiry since " + Monitor.clock(due) + " ET");
                }
            } else {
                Duration maxHold = l.maxHoldMinutes() != null ? Duration.ofMinutes(l.maxHoldMinutes()) : settings.exits().maxHold();
                if (!l.entryTime().plus(maxHold).plus(grace).isAfter(lastSession)) {
                    shouldHaveClosed.add(what + ": held past its maximum of " + maxHold.toMinutes() + " min");
                }
            }
        }
        long ran = Duration.between(open, end).toMinutes();
        for (String rule : DemoScenario.RULES) {
            if (rulesFired.contains(rule)) {
                continue;
            }
            Integer due = scenario.lots.stream().filter(p -> rule.equals(p.expectedRule()) && p.expectedMinute() != null)
                    .map(DemoScenario.LotPlan::expectedMinute).min(Integer::compare).orElse(null);
            if (due != null && due <= ran) {
                rulesMissing.add(rule + " (scripted by " + Monitor.clock(open.plus(Duration.ofMinutes(due))) + " ET)");
            }
        }
        for (DemoScenario.LotPlan p : scenario.lots) {
            if (p.expectedRule() == null || p.expectedMinute() > ran) {
                continue;
            }
            LotRow l = lots.stream().filter(x -> x.symbol().equals(p.symbol())).findFirst().orElse(null);
            if (l == null || !l.closed() || !p.expectedRule().equals(l.closeReason())) {
                shouldHaveClosed.add(p.symbol() + ": scripted to close by " + p.expectedRule() + " by "
                        + Monitor.clock(open.plus(Duration.ofMinutes(p.expectedMinute()))) + " ET, is "
                        + (l == null ? "not tracked" : l.status() + (l.closeReason() == null ? "" : " " + l.closeReason())));
            }
        }
    }

    void print(PrintStream out) {
        out.println();
        out.println("=== summary: " + open.atZone(TextTable.NEW_YORK).toLocalDate() + ", " + Monitor.clock(open) + " to "
                + Monitor.clock(end) + " ET (close " + Monitor.clock(close) + " ET) ===");
        out.println("lots tracked:       " + lots.size() + " (" + tracked() + " from executions, " + adopted() + " adopted from the broker)");
        long open = lots.stream().filter(l -> !l.closed()).count();
        out.println("lots closed / open: " + (lots.size() - open) + " / " + open);
        StringBuilder exits = new StringBuilder();
        exitsByRule.forEach((rule, n) -> exits.append(exits.length() == 0 ? "" : ", ").append(rule).append(' ').append(n));
        out.println("exits by rule:      " + exits);
        out.println("rules fired:        " + rulesFired.size() + " of " + DemoScenario.RULES.size()
                + (rulesMissing.isEmpty() ? "" : "; MISSING: " + String.join(", ", rulesMissing)));
        List<String> notYet = new ArrayList<>();
        for (String rule : DemoScenario.RULES) {
            if (!rulesFired.contains(rule) && rulesMissing.stream().noneMatch(m -> m.startsWith(rule + " "))) {
                notYet.add(rule);
            }
        }
        if (!notYet.isEmpty()) {
            out.println("                    not due yet in this run: " + String.join(", ", notYet));
        }
        out.println("scale-outs:         " + scaledOut.size() + (scaledOut.isEmpty() ? "" : " (" + String.join(", ", scaledOut) + ")"));
        out.println("realised P&L:       " + TextTable.money(realizedPnl));
        out.println("slowest exit:       " + slowestExit);
        out.println("DLQ messages:       " + deadLetters + " " + deadLettersByQueue);
        if (failedTicks > 0) {
            out.println("failed ticks:       " + failedTicks + " SyncFunction invocations failed (see stderr and the log)");
        }
        out.println("should have closed: " + shouldHaveClosed.size());
        shouldHaveClosed.forEach(s -> out.println("                    - " + s));
        if (reportPath != null) {
            out.println("report:             " + reportPath);
        }
        out.println(ok() ? "result:             OK - every due rule fired, nothing left open, DLQs empty"
                : "result:             PROBLEM - see above");
    }

    /** The wall-clock times of the run (they differ from run to run, unlike everything {@link #print} shows). */
    String timing() {
        return "time:               " + seconds(startup) + " s to start the stack, " + seconds(simulation) + " s simulated trading";
    }

    private static String seconds(Duration d) {
        return String.format("%.1f", d.toMillis() / 1000.0);
    }

    static Instant instant(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalArgumentException("not a time: " + v.getClass());
    }
}
