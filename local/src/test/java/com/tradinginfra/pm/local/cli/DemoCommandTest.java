package com.tradinginfra.pm.local.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short demo (the first two and a half simulated hours of 2026-11-23) run in-process at full speed, and the
 * same seed again for a shorter run: the summary must show every rule due by then fired, nothing
 * left open that should have closed, empty DLQs, and the same exits both times.
 */
class DemoCommandTest {
    private static final long SEED = 42;
    @TempDir
    static Path dir;
    private static DemoResult shortDay;
    private static String printed;

    @BeforeAll
    static void runTheFirstHours() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        shortDay = new DemoCommand(out, out).run(new DemoCommand.Options(DemoCommand.DEFAULT_DATE, 0, 150, SEED, null,
                dir.resolve("report.html"), false));
        shortDay.print(out);
        printed = bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyRuleDueInTheFirstHoursFiredAndNothingWasMissed() {
        assertThat(shortDay.lots).hasSizeGreaterThanOrEqualTo(15);
        assertThat(shortDay.adopted()).as("the position opened at the broker by hand").isEqualTo(1);
        // day_trade_cutoff is due at 15:55 ET, after these hours
        assertThat(shortDay.rulesFired).contains("stop_loss", "take_profit", "missing_brackets", "trailing_stop",
                "option_expiry", "max_hold_time");
        assertThat(shortDay.rulesMissing).isEmpty();
        assertThat(shortDay.shouldHaveClosed).isEmpty();
        assertThat(shortDay.deadLetters).isZero();
        assertThat(shortDay.failedTicks).isZero();
        assertThat(shortDay.ok()).isTrue();
        assertThat(printed).contains("lots tracked:", "exits by rule:", "realised P&L:", "slowest exit:", "DLQ messages:       0",
                "should have closed: 0", "result:             OK");
        assertThat(printed).contains("tracked", "exit_triggered", "close_submitted", "closed", "adopted");
    }

    @Test
    void theBracketLegThatFilledClosedItsLotAtTheLegsPrice() {
        DemoResult.LotRow googl = shortDay.lots.stream().filter(l -> l.symbol().equals("GOOGL")).findFirst().orElseThrow();
        assertThat(googl.status()).isEqualTo("closed");
        assertThat(googl.closeReason()).isEqualTo("take_profit");
        assertThat(googl.triggeredAt()).as("closed by the broker's leg, not by an exit of ours").isNull();
        assertThat(googl.exitPrice()).isEqualByComparingTo(googl.target());
    }

    @Test
    void theScaledLotSoldHalfAtItsPartialTargetAndTheRestStoppedAtBreakeven() {
        DemoResult.LotRow crm = shortDay.lots.stream().filter(l -> l.symbol().equals("CRM")).findFirst().orElseThrow();
        assertThat(shortDay.scaledOut).anyMatch(s -> s.startsWith("CRM at "));
        assertThat(crm.status()).isEqualTo("closed");
        assertThat(crm.closeReason()).isEqualTo("stop_loss");
        assertThat(crm.stop()).as("the rest's stop moved to the entry").isEqualByComparingTo(crm.entryPrice());
        // half sold near +9 %, the rest at about the entry: the lot made money although its stop fired
        assertThat(crm.realizedPnl()).isPositive();
        assertThat(crm.exitPrice()).isGreaterThan(crm.entryPrice());
        assertThat(printed).contains("partial_exit", "scale_out_ended", "scale-outs:         ");
    }

    @Test
    void theOptionExpiringTodayClosesAtTheOpenByTheExpiryRule() {
        DemoResult.LotRow option = shortDay.lots.stream().filter(l -> l.symbol().startsWith("SPY261123C")).findFirst().orElseThrow();
        assertThat(option.closeReason()).isEqualTo("option_expiry");
        assertThat(Duration.between(shortDay.open, option.triggeredAt())).isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theReportHasAChartPerLotAndTheClosedLotsTable() throws Exception {
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html.split("<svg ", -1)).hasSize(shortDay.lots.size() + 1);
        assertThat(html).contains("Closed lots", "trailing_stop", "missing_brackets").doesNotContain("<script", "src=\"http", "href=\"http", "url(http");
    }

    @Test
    void theSameSeedGivesTheSameExits() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        DemoResult again = new DemoCommand(quiet, quiet).run(new DemoCommand.Options(DemoCommand.DEFAULT_DATE, 0, 75, SEED, null,
                dir.resolve("again.html"), false));
        List<String> expected = shortDay.lots.stream().filter(DemoResult.LotRow::closed)
                .filter(l -> !l.confirmedAt().isAfter(again.end))
                .map(l -> l.symbol() + " " + l.closeReason() + " " + l.exitPrice().stripTrailingZeros().toPlainString()
                        + " " + Monitor.clock(l.closedAt()))
                .sorted().toList();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(4);
        assertThat(again.exits()).isEqualTo(expected);
    }

    /** Everything a demo of the first 65 simulated minutes prints: the event lines and the summary. */
    private static String printedBy(long seed, Path report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DemoResult result = new DemoCommand(out, out).run(new DemoCommand.Options(DemoCommand.DEFAULT_DATE, 0, 65, seed, null,
                report, false));
        result.print(out);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSameSeedPrintsTheSameOutputByteForByte() {
        Path report = dir.resolve("twice.html");
        String first = printedBy(7, report);
        String second = printedBy(7, report);
        // the ids the output shows: the protective legs' order ids (10:30 ET) and the client order ids
        assertThat(first).containsPattern("protective legs \\[[0-9a-f-]{36}, [0-9a-f-]{36}\\]").contains("client order pm-demo-");
        assertThat(second).isEqualTo(first);
    }
}
