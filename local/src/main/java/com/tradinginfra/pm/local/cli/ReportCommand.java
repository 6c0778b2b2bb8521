package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.app.SyncService;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.ClosedLot;
import com.tradinginfra.pm.domain.DaySummary;
import com.tradinginfra.pm.domain.TradingDayBook;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ./pm report --date D}: the trading day of a data directory or a database, from its
 * {@code position_history} — every lot closed that New York day with its exits — as the HTML report
 * (the demo's kind: tables and an inline-SVG chart of the cumulative P&amp;L) and a short text
 * summary on stdout, which is {@link DaySummary}, the same arithmetic as sync's daily record.
 */
final class ReportCommand {
    static final String HELP = String.join("\n",
            "usage: ./pm report --date YYYY-MM-DD [--data DIR | --db-url URL [--db-user U] [--db-password P]] [--account NAME]",
            "                   [--out FILE]",
            "",
            "The trading day's report, from the database: every lot closed that New York day (midnight to midnight ET)",
            "with its entry, every exit (a lot that scaled out has several), the close reason, P&L and hold time, and a",
            "chart of the cumulative realised P&L. On stdout: lots opened and closed, realised P&L by strategy and by",
            "close reason, win rate.",
            "",
            "options:",
            "  --date D           the New York trading day (required)",
            "  --data DIR         the data directory of './pm run' or './pm demo --data' (default " + ViewCommand.DEFAULT_DATA + ")",
            "  --db-url URL       an existing PostgreSQL instead (jdbc:postgresql://...), with --db-user and --db-password",
            "                     (or DB_USER, DB_PASSWORD); pending migrations are applied first",
            "  --account NAME     only this account (default: every account in the database)",
            "  --out FILE         the HTML report (default pm-day-<date>.html in the working directory)");

    private final PrintStream out;

    ReportCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, Set.of("date", "data", "db-url", "db-user", "db-password", "account", "out"), Set.of());
        if (a.has("help")) {
            out.println(HELP);
            return 0;
        }
        if (!a.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        if (!a.has("date")) {
            throw new Args.UsageException("--date YYYY-MM-DD is required (the New York trading day to report)");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(a.get("date"));
        } catch (DateTimeParseException e) {
            throw new Args.UsageException("--date must be a date YYYY-MM-DD, was '" + a.get("date") + "'");
        }
        String account = a.get("account");
        Path file = Path.of(a.get("out", "pm-day-" + day + (account == null ? "" : "-" + account) + ".html"));
        try (OpenDatabase db = OpenDatabase.open(a.get("data"), a.get("db-url"), a.get("db-user"), a.get("db-password"),
                System.getenv());
             ReusableConnection connection = new ReusableConnection(db.dataSource())) {
            JdbcPositionStore book = new JdbcPositionStore(connection);
            TradingDayBook.Window window = TradingDayBook.Window.of(day);
            List<ClosedLot> lots = book.closedBetween(account, window.from(), window.to());
            DaySummary summary = DaySummary.of(day, book.openedBetween(account, window.from(), window.to()), lots);
            try {
                HtmlReport.writeDay(file, summary, lots, account);
            } catch (IOException e) {
                throw new OpenDatabase.CommandFailure("could not write the report " + file + ": " + e.getMessage());
            }
            out.print(text(summary, account));
            // sync's own record of the day (daily_summaries), for the accounts of the report
            Set<String> accounts = new TreeSet<>();
            if (account != null) {
                accounts.add(account);
            } else {
                lots.forEach(l -> accounts.add(l.account()));
            }
            for (String name : accounts) {
                out.println("sync's daily record of " + name + ": " + (book.summaryRecorded(name, day) ? "recorded"
                        : "not recorded (it is written at the first sync tick " + SyncService.SUMMARY_AFTER_CLOSE.toMinutes()
                        + " min after the close)"));
            }
            out.println("report: " + file.toAbsolutePath());
        }
        return 0;
    }

    /** The text summary: what {@link DaySummary} holds, a few lines. */
    static String text(DaySummary s, String account) {
        StringBuilder b = new StringBuilder();
        b.append("pm report ").append(s.day()).append(" (New York trading day, ")
                .append(account == null ? "every account" : "account " + account).append(")\n");
        b.append("lots opened ").append(s.lotsOpened()).append(", closed ").append(s.lotsClosed());
        if (s.lotsClosed() == 0) {
            return b.append("\nnothing closed on ").append(s.day()).append(": no realised P&L, no win rate\n").toString();
        }
        b.append(" (").append(s.wins()).append(" won, ").append(s.losses()).append(" lost, ").append(s.breakeven())
                .append(" breakeven), win rate ").append(s.winRatePercent().map(r -> r.toPlainString() + "%").orElse("-")).append('\n');
        b.append("realised P&L ").append(TextTable.money(s.realizedPnl())).append('\n');
        TextTable strategies = new TextTable(List.of("strategy", "P&L")).rightAlign(1);
        s.byStrategy().forEach((k, v) -> strategies.add(List.of(k, TextTable.money(v))));
        TextTable reasons = new TextTable(List.of("close reason", "P&L")).rightAlign(1);
        for (Map.Entry<CloseReason, BigDecimal> e : s.byReason().entrySet()) {
            reasons.add(List.of(e.getKey().code(), TextTable.money(e.getValue())));
        }
        return b.append(strategies.render()).append('\n').append(reasons.render()).append('\n').toString();
    }
}
