package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.ClosedLot;
import com.tradinginfra.pm.domain.DaySummary;
import com.tradinginfra.pm.domain.InstrumentType;
import com.tradinginfra.pm.domain.PositionSide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./pm report}, and {@code ./pm demo --data DIR} whose database the views and the report then read. */
class ReportCommandTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final Instant OPEN = Instant.parse("2026-11-23T14:30:00Z");

    /** One ./pm invocation: exit code, stdout, stderr. */
    private record Run(int code, String out, String err) {
    }

    private static Run pm(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static ClosedLot.Exit exit(String qty, String price, String pnl, CloseReason reason, int minute) {
        return new ClosedLot.Exit(new BigDecimal(qty), new BigDecimal(price), new BigDecimal(pnl), reason, OPEN.plusSeconds(60L * minute));
    }

    @Test
    void aDemoWithDataKeepsItsDatabaseAndReportPositionsAndHistoryReadIt(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("demo-data");
        Run demo = pm("demo", "--data", data.toString(), "--speed", "0", "--minutes", "75", "--plain",
                "--report", dir.resolve("demo.html").toString());
        assertThat(demo.code()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("database kept in " + data);
        assertThat(data.resolve("postgres")).isDirectory();

        Path html = dir.resolve("day.html");
        Run report = pm("report", "--date", DAY.toString(), "--data", data.toString(), "--account", "demo", "--out", html.toString());
        assertThat(report.code()).as(report.err()).isZero();
        // the first 75 minutes: the option expiring today at the open, AAPL's stop, NVDA's missing brackets, MSFT's target
        assertThat(report.out()).contains("pm report 2026-11-23 (New York trading day, account demo)", "closed 4 (", "win rate",
                "stop_loss", "option_expiry", "missing_brackets", "take_profit", "swing_trade",
                "sync's daily record of demo: not recorded", "report: " + html.toAbsolutePath());
        String page = Files.readString(html);
        assertThat(page).contains("<svg", "Cumulative realised P&amp;L", "AAPL", "SPY261123C00600000", "stop_loss");

        Run history = pm("history", "--data", data.toString());
        assertThat(history.code()).as(history.err()).isZero();
        // CRM's scale-out is an exit too (partial); the lot itself is still open
        assertThat(history.out()).contains("AAPL", "stop_loss", "CRM", "partial_profit", "partial", "5 exits");
        Run positions = pm("positions", "--data", data.toString());
        assertThat(positions.code()).as(positions.err()).isZero();
        assertThat(positions.out()).contains("open");

        Run again = pm("demo", "--data", data.toString(), "--speed", "0", "--minutes", "5", "--plain");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("--data " + data + " already holds a database");
    }

    @Test
    void aLotThatScaledOutShowsEachExitAndItsLastReason() {
        ClosedLot scaled = new ClosedLot(7, "demo", "MSFT", InstrumentType.STOCK, PositionSide.LONG, "swing_trade", new BigDecimal("400"),
                OPEN, List.of(exit("10", "420", "200.00", CloseReason.TAKE_PROFIT, 60), exit("10", "400", "0.00", CloseReason.STOP_LOSS, 200)));
        ClosedLot loss = new ClosedLot(8, "demo", "GOOGL261218C00340000", InstrumentType.CALL, PositionSide.SHORT, null,
                new BigDecimal("5.10"), OPEN.minus(Duration.ofDays(3)), List.of(exit("2", "6.10", "-200.00", CloseReason.STOP_LOSS, 100)));
        List<ClosedLot> lots = List.of(loss, scaled);
        DaySummary summary = DaySummary.of(DAY, 1, lots);

        String page = HtmlReport.renderDay(summary, lots, "demo");

        assertThat(page).contains("10:30:00 · 10 @ 420.00 · take_profit", "12:50:00 · 10 @ 400.00 · stop_loss",
                "stop_loss (scaled out)", "+200.00", "2026-11-20 09:30:00", "3d01h", "3h20m", "<svg", "lots closed</b><span>2 (1 won, 1 lost, 0 breakeven)");
        String text = ReportCommand.text(summary, "demo");
        assertThat(text).contains("lots opened 1, closed 2 (1 won, 1 lost, 0 breakeven), win rate 50.0%", "realised P&L 0.00",
                "swing_trade", "+200.00", DaySummary.NO_STRATEGY, "-200.00", "take_profit", "stop_loss");
    }

    @Test
    void anEmptyDayIsAReportThatSaysNothingClosed() {
        DaySummary none = DaySummary.of(DAY, 0, List.of());
        assertThat(HtmlReport.renderDay(none, List.of(), null)).contains("Nothing closed on 2026-11-23").doesNotContain("<svg");
        assertThat(ReportCommand.text(none, null)).contains("lots opened 0, closed 0", "nothing closed on 2026-11-23");
    }

    @Test
    void aBadDateOrAnUnreachableDatabaseIsOneLineNamingIt(@TempDir Path dir) {
        Run bad = pm("report", "--date", "23.11.2026", "--data", dir.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("pm report: --date must be a date YYYY-MM-DD, was '23.11.2026'\n");
        Run missing = pm("report", "--data", dir.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--date YYYY-MM-DD is required");
        Run unreachable = pm("report", "--date", "2026-11-23", "--db-url", "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("pm report: cannot connect to jdbc:postgresql://127.0.0.1:1/none").hasLineCount(1);
        Run noDatabase = pm("report", "--date", "2026-11-23", "--data", dir.toString());
        assertThat(noDatabase.code()).isEqualTo(2);
        assertThat(noDatabase.err()).contains("holds no database yet");
    }

    @Test
    void theHoldTimeAndTheChartsTicksAreRound() {
        assertThat(HtmlReport.hold(Duration.ofMinutes(44))).isEqualTo("44m");
        assertThat(HtmlReport.hold(Duration.ofMinutes(60))).isEqualTo("1h00m");
        assertThat(HtmlReport.hold(Duration.ofMinutes(24 * 60 + 125))).isEqualTo("1d02h");
        assertThat(HtmlReport.niceStep(270)).isEqualTo(500);
        assertThat(HtmlReport.niceStep(1.5)).isEqualTo(2);
        assertThat(HtmlReport.niceStep(0.25)).isEqualTo(0.5);
    }
}
