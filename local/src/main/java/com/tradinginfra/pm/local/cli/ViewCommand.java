package com.tradinginfra.pm.local.cli;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ./pm positions|health|history}: the operators' views of a data directory or a database, as tables. */
final class ViewCommand {
    static final Path DEFAULT_DATA = Path.of(".pm-data");

    private final String view;
    private final PrintStream out;
    private final PrintStream err;

    ViewCommand(String view, PrintStream out, PrintStream err) {
        this.view = view;
        this.out = out;
        this.err = err;
    }

    static String help(String view) {
        String what = switch (view) {
            case "positions" -> "Open, closing and close_failed positions (v_open_positions_summary), newest first.";
            case "health" -> "The health check (v_position_health_check), and the same per account.";
            default -> "Closed positions with their outcome (v_position_performance), newest first.";
        };
        return String.join("\n",
                "usage: ./pm " + view + " [--data DIR | --db-url URL [--db-user U] [--db-password P]] [--account NAME]"
                        + (view.equals("history") ? " [--limit N]" : ""),
                "",
                what,
                "",
                "options:",
                "  --data DIR         the data directory of './pm run' or './pm demo --data' (default " + DEFAULT_DATA + "); its PostgreSQL is",
                "                     reached while 'pm run' holds it, or started for the query when it does not",
                "  --db-url URL       an existing PostgreSQL instead (jdbc:postgresql://...), with --db-user and --db-password",
                "                     (or DB_USER, DB_PASSWORD); pending migrations are applied first",
                "  --account NAME     only this account",
                view.equals("history") ? "  --limit N          at most N rows (default 50)" : "").stripTrailing();
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, Set.of("data", "db-url", "db-user", "db-password", "account", "limit"), Set.of());
        if (a.has("help")) {
            out.println(help(view));
            return 0;
        }
        if (!a.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        int limit = (int) a.getLong("limit", 50);
        String account = a.get("account");
        try (OpenDatabase db = OpenDatabase.open(a.get("data"), a.get("db-url"), a.get("db-user"), a.get("db-password"),
                System.getenv())) {
            out.println(render(view, db.dataSource(), account, limit));
        }
        return 0;
    }

    /** Where './pm run --data DIR' keeps PostgreSQL. */
    static Path postgresDir(Path data) {
        return data.resolve("postgres");
    }

    /** The port of a PostgreSQL already running on {@code dir} (postmaster.pid), or null. */
    static Integer runningPort(Path dir) {
        Path pid = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pid)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(pid);
            long processId = Long.parseLong(lines.get(0).trim());
            if (lines.size() < 4 || !ProcessHandle.of(processId).map(ProcessHandle::isAlive).orElse(false)) {
                return null;
            }
            return Integer.parseInt(lines.get(3).trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** One view as text. */
    static String render(String view, DataSource ds, String account, int limit) {
        String where = account == null ? "" : " WHERE account_name = ?";
        Object[] params = account == null ? new Object[0] : new Object[]{account};
        switch (view) {
            case "positions" -> {
                List<Map<String, Object>> rows = Db.query(ds, "SELECT account_name AS account, coalesce(option_symbol, ticker) AS symbol, "
                        + "instrument_type AS type, side, strategy_type AS strategy, quantity AS qty, entry_price AS entry, "
                        + "current_price AS last, round(current_pnl_dollars, 2) AS pnl, round(current_pnl_percent, 2) AS pnl_pct, "
                        + "stop_loss AS stop, take_profit AS target, peak_price AS peak, status, hold_minutes AS held_min, "
                        + "hours_to_expiration AS expires_h, bracket_order_accepted AS brackets, last_checked_at "
                        + "FROM v_open_positions_summary" + where + " ORDER BY entry_time DESC", params);
                if (rows.isEmpty()) {
                    return "no open positions" + (account == null ? "" : " in account " + account);
                }
                return TextTable.of(rows, new ArrayList<>(rows.get(0).keySet())).render() + "\n" + rows.size() + " position"
                        + (rows.size() == 1 ? "" : "s");
            }
            case "health" -> {
                Map<String, Object> all = Db.query(ds, "SELECT * FROM v_position_health_check").get(0);
                StringBuilder sb = new StringBuilder("v_position_health_check (all accounts)\n");
                TextTable t = new TextTable(List.of("check", "count")).rightAlign(1);
                all.forEach((k, v) -> t.add(List.of(k, TextTable.cell(v))));
                sb.append(t.render());
                List<Map<String, Object>> byAccount = Db.query(ds, "SELECT * FROM v_position_health_by_account" + where
                        + " ORDER BY account_name", params);
                if (!byAccount.isEmpty()) {
                    sb.append("\n\nper account (v_position_health_by_account)\n")
                            .append(TextTable.of(byAccount, new ArrayList<>(byAccount.get(0).keySet())).render());
                }
                return sb.toString();
            }
            case "history" -> {
                Object[] p = account == null ? new Object[]{limit} : new Object[]{account, limit};
                List<Map<String, Object>> rows = Db.query(ds, "SELECT account_name AS account, coalesce(option_symbol, ticker) AS symbol, "
                        + "instrument_type AS type, side, strategy_type AS strategy, quantity AS qty, entry_price AS entry, "
                        + "exit_price AS exit, outcome, round(final_pnl_dollars, 2) AS pnl, round(final_pnl_percent, 2) AS pnl_pct, "
                        + "hold_minutes AS held_min, close_reason AS reason, exit_kind AS kind, closed_at FROM v_position_performance" + where
                        + " ORDER BY closed_at DESC LIMIT ?", p);
                if (rows.isEmpty()) {
                    return "no exits yet" + (account == null ? "" : " in account " + account);
                }
                // one row per exit: a scale-out's partial row, then the final row of the lot's close
                return TextTable.of(rows, new ArrayList<>(rows.get(0).keySet())).render() + "\n" + rows.size() + " exit"
                        + (rows.size() == 1 ? "" : "s") + " (newest first, at most " + limit + ")";
            }
            default -> throw new IllegalArgumentException(view);
        }
    }
}
