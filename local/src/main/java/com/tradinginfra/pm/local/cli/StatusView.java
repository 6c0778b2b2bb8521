package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.domain.TradingPause;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./pm status}: one screen for the bad day — the pause switch, the age of the last sweep,
 * the health view's counts and the lots needing attention ({@code v_positions_needing_attention}).
 */
final class StatusView {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final List<String> COUNTS = List.of("open_positions", "closing_positions", "stale_positions", "missing_brackets",
            "open_day_trades", "expiring_soon", "close_failed", "stuck_closing");

    private StatusView() {
    }

    /** The pause switch in one line. */
    static String describe(TradingPause p) {
        if (p.since() == null) {
            return p.paused() ? "PAUSED" : "trading (never paused)";
        }
        return (p.paused() ? "PAUSED" : "trading") + " since " + UTC.format(p.since()) + " by " + p.by()
                + (p.reason() == null ? "" : ": " + p.reason());
    }

    static String render(DataSource ds, String account, Instant now) {
        TradingPause pause;
        try (ReusableConnection c = new ReusableConnection(ds)) {
            pause = new JdbcPositionStore(c).tradingPause(account);
        }
        List<Map<String, Object>> health = Db.query(ds, "SELECT * FROM v_position_health_by_account WHERE account_name = ?", account);
        Map<String, Object> h = health.isEmpty() ? Map.of() : health.get(0);
        StringBuilder sb = new StringBuilder();
        sb.append("pm status: account ").append(account).append(" at ").append(UTC.format(now)).append('\n');
        sb.append("trading:     ").append(describe(pause)).append('\n');
        sb.append("last sweep:  ").append(sweepAge(h.get("last_sweep_at"), now)).append('\n');
        List<String> counts = new ArrayList<>();
        for (String k : COUNTS) {
            counts.add(k + " " + TextTable.cell(h.getOrDefault(k, 0L)));
        }
        sb.append("health:      ").append(String.join(", ", counts.subList(0, 4))).append('\n');
        sb.append("             ").append(String.join(", ", counts.subList(4, counts.size()))).append('\n');
        List<Map<String, Object>> attention = Db.query(ds, "SELECT id AS lot, symbol, status, problem, close_reason AS reason, "
                + "close_attempts AS attempts, since, close_error AS error FROM v_positions_needing_attention "
                + "WHERE account_name = ? ORDER BY id, problem", account);
        if (attention.isEmpty()) {
            sb.append("attention:   no lot needs attention");
        } else {
            sb.append("attention:   ").append(attention.size()).append(attention.size() == 1 ? " problem" : " problems")
                    .append(" (close_failed: ./pm retry LOT; stuck or stale: is sync running? see the README)\n");
            sb.append(TextTable.of(attention, new ArrayList<>(attention.get(0).keySet())).render());
        }
        return sb.toString();
    }

    private static String sweepAge(Object at, Instant now) {
        if (at == null) {
            return "none yet";
        }
        Instant t = at instanceof OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) at).toInstant();
        Duration age = Duration.between(t, now);
        String ago = age.isNegative() ? "in " + human(age.negated()) : human(age) + " ago";
        return ago + " (" + UTC.format(t) + ")";
    }

    private static String human(Duration d) {
        long s = d.getSeconds();
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
}
