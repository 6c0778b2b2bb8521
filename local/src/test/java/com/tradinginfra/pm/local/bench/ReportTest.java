package com.tradinginfra.pm.local.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Markdown report of fixed figures that touch every section and every verdict (passes and
 * misses, the latency what-if, a capped heap, a class census) is the recorded one, byte for byte:
 * the report's text does not change by accident.
 */
class ReportTest {
    private static final double MB = 1024.0 * 1024.0;

    static SweepBench.Run run(double millis, long roundTrips, int stockRequests, int optionRequests) {
        Map<String, Integer> requests = new LinkedHashMap<>();
        requests.put("GET /v2/stocks/snapshots", stockRequests);
        requests.put("GET /v1beta1/options/snapshots", optionRequests);
        return new SweepBench.Run(millis, roundTrips, requests, 40_000_000L, 1000, millis * 0.6, millis * 0.3);
    }

    static SweepBench.SizeResult size(int lots, double newMillis, double oldMillis) {
        BenchLots book = new BenchLots(1, lots, lots, BenchLots.stockLotsOf(lots), BenchLots.optionLotsOf(lots),
                BenchLots.stockSymbolsOf(lots), BenchLots.contractsOf(lots));
        int stock = (BenchLots.stockSymbolsOf(lots) + 499) / 500;
        int option = (BenchLots.contractsOf(lots) + 99) / 100;
        int symbols = BenchLots.stockSymbolsOf(lots) + BenchLots.contractsOf(lots);
        // floors of 0.8 of the sweep: a ratio of 1.25 (median 1.0 over median 0.8)
        return new SweepBench.SizeResult(book,
                List.of(run(newMillis, 3, stock, option), run(newMillis * 1.2, 3, stock, option), run(newMillis * 0.9, 3, stock, option)),
                run(newMillis * 1.5, 3, stock, option),
                List.of(run(oldMillis, lots + 1, BenchLots.stockLotsOf(lots), BenchLots.optionLotsOf(lots))),
                List.of(floor(newMillis * 0.8, lots, symbols), floor(newMillis * 0.9, lots, symbols), floor(newMillis * 0.7, lots, symbols)));
    }

    static SweepBench.FloorRun floor(double millis, int lots, int symbols) {
        return new SweepBench.FloorRun(millis * 0.25, millis * 0.5, millis * 0.25, lots, symbols);
    }

    /** The 10,000-lot book again with 20 ms per data request: new way only, as at 10,000 lots. */
    static SweepBench.SizeResult withLatency(double newMillis) {
        SweepBench.SizeResult s = size(10_000, newMillis, 0);
        return new SweepBench.SizeResult(s.book(), s.newRuns(), s.viaQueue(), List.of(), List.of());
    }

    static ColdStart.Run cold(double init, double first, Map<String, Integer> census) {
        return new ColdStart.Run(init, first, List.of(30.0, 25.0, 28.0), new ColdStart.Heap((long) (45.3 * MB), (long) (11 * MB),
                256L * 1024 * 1024, 9_876), "{\"batchItemFailures\":[]}",
                List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Dcom.amazonaws.services.lambda.runtime.api.client.NativeClient.JNI=/tmp/x.so"),
                census);
    }

    /** A cold start of the comparison: first response and CPU time. */
    static ColdStart.Run cold(double first, double cpu) {
        return new ColdStart.Run(first * 0.7, first, List.of(), null, "{\"batchItemFailures\":[]}", List.of(), null, cpu);
    }

    /** Three cold starts of {@code target} against three of the empty handler. */
    static ColdStarts.Comparison comparison(ColdStarts.Target target, double first, double empty) {
        return new ColdStarts.Comparison(target, List.of(cold(first, first * 0.5), cold(first * 1.1, first * 0.55), cold(first * 0.9, first * 0.45)),
                List.of(cold(empty, empty * 0.6), cold(empty * 1.2, empty * 0.7), cold(empty * 0.8, empty * 0.5)));
    }

    @TempDir
    static Path root;

    /** The close-order jar the closing note looks into: stored entries, so that their compressed sizes are exact. */
    @BeforeAll
    static void aJarOverTheTarget() throws IOException {
        Path jar = root.resolve("functions/close-order/target/close-order-lambda.jar");
        Files.createDirectories(jar.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            stored(zip, "software/amazon/awssdk/services/rds/RdsUtilities.class", 300_000);
            stored(zip, "org/apache/hc/client5/Client.class", 200_000);
            stored(zip, "com/google/common/collect/List.class", 100_000);
            stored(zip, "com/fasterxml/jackson/databind/Mapper.class", 150_000);
            stored(zip, "ch/qos/logback/classic/Logger.class", 120_000);
        }
    }

    private static void stored(ZipOutputStream zip, String name, int bytes) throws IOException {
        byte[] data = new byte[bytes];
        CRC32 crc = new CRC32();
        crc.update(data);
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes);
        e.setCompressedSize(bytes);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    static Benchmark.Results results() {
        Benchmark.Options options = new Benchmark.Options(List.of(100, 1000, 10_000), 3, 5, 1, 3, 8, 3, 3, true, true,
                root, Benchmark.DEFAULT_OUT, null, Path.of("local/target/bench"), 50, 20, 10_000);
        Machine machine = new Machine(2, 8L * 1024 * 1024 * 1024, "Test CPU @ 2.0GHz", "OpenJDK 17", "Linux 6.1 amd64",
                Instant.parse("2026-12-01T00:00:00Z"), "0.50 0.40 0.30");
        Map<String, Integer> census = new LinkedHashMap<>();
        census.put("java.lang", 600);
        census.put("com.fasterxml.jackson.databind", 400);
        census.put("software.amazon.awssdk.core", 300);
        Map<String, Integer> emptyCensus = Map.of("java.lang", 500, "com.amazonaws.lambda.thirdparty", 700);
        // SweepFunction 2.17× the empty handler (a miss), SyncFunction 1.83×, CloseOrderFunction 2.29× and over 1.5 s
        Benchmark.ColdResult colds = new Benchmark.ColdResult(new ColdStarts.Result(List.of(
                comparison(ColdStarts.Target.SWEEP, 1300, 600), comparison(ColdStarts.Target.SYNC, 1100, 600),
                comparison(ColdStarts.Target.CLOSE_ORDER, 1600, 700))),
                10_000, cold(1200, 2600, null), cold(1300, 2700, null), null, census, emptyCensus);
        List<ReactionBench.Result> reactions = List.of(
                new ReactionBench.Result(1, List.of(new ReactionBench.Trial("BAA", 12.5, 47.5, "stop_loss"),
                        new ReactionBench.Trial("BAB", 40.0, 20.0, "stop_loss"))),
                new ReactionBench.Result(4, List.of(new ReactionBench.Trial("BAA", 3.0, 12.0, "stop_loss"),
                        new ReactionBench.Trial("BAB", 16.0, 14.0, "stop_loss"))));
        List<Report.JarSize> jars = List.of(
                new Report.JarSize("close-order", Path.of("functions/close-order/target/close-order-lambda.jar"), (long) (21.5 * MB),
                        List.of(Map.entry("software/amazon/awssdk", (long) (6 * MB)), Map.entry("com/google/common", (long) (2 * MB)))),
                new Report.JarSize("sweep", Path.of("functions/sweep/target/sweep-lambda.jar"), (long) (17.5 * MB),
                        List.of(Map.entry("software/amazon/awssdk", (long) (6 * MB)))));
        return new Benchmark.Results(options, machine, List.of(size(100, 20, 150), size(1000, 90, 1400), size(10_000, 1100, 20_000)),
                reactions, colds, null, withLatency(1800), jars, Duration.ofSeconds(754));
    }

    /** The load average at the end is read from the machine when the report is rendered. */
    static String withoutLiveLoad(String markdown) {
        return markdown.replaceFirst("; at end [^—]*—", "; at end <load> —");
    }

    @Test
    void theReportOfFixedFiguresIsTheRecordedOne() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/bench/report-of-fixed-figures.md")) {
            assertThat(in).as("the recorded report").isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(withoutLiveLoad(Report.markdown(results()))).isEqualTo(expected);
    }

    @Test
    void theLineForScriptsHasTheSixFiguresInOrderAndNanForTheOnesNotMeasured() {
        // sweep 1,100 ms over floor 880 ms; with latency 1,800 ms over 1,100 ms; the worst cold start 1,600 ms over 700 ms;
        // the stress runs not run
        assertThat(BenchLine.measuredIn(results()).text()).isEqualTo("bench: reaction_fault_s=nan crash_max_s=nan "
                + "crash_requests_per_min=nan sweep_floor_ratio=1.25 latency_ratio=1.64 coldstart_empty_ratio=2.29");
        assertThat(BenchLine.measuredIn(withStress(results())).text()).isEqualTo("bench: reaction_fault_s=11.5 crash_max_s=14.5 "
                + "crash_requests_per_min=93 sweep_floor_ratio=1.25 latency_ratio=1.64 coldstart_empty_ratio=2.29");
        assertThat(new BenchLine(14.25, 9.0, 187, 1.2, 1.44, 1.9).text()).isEqualTo("bench: reaction_fault_s=14.3 crash_max_s=9.0 "
                + "crash_requests_per_min=187 sweep_floor_ratio=1.20 latency_ratio=1.44 coldstart_empty_ratio=1.90");
        assertThat(new BenchLine(Double.POSITIVE_INFINITY, 1, 2, 3, 4, 5).text()).startsWith("bench: reaction_fault_s=nan ");
    }

    @Test
    void withoutFloorRunsOrTheLatencyBookTheirRatiosAreNotMeasured() {
        Benchmark.Results r = results();
        SweepBench.SizeResult bare = size(100, 20, 150);
        Benchmark.Results without = new Benchmark.Results(r.options(), r.machine(),
                List.of(new SweepBench.SizeResult(bare.book(), bare.newRuns(), bare.viaQueue(), bare.oldRuns())),
                r.reactions(), null, "not run (--no-cold)", null, r.jars(), r.elapsed());
        assertThat(BenchLine.measuredIn(without).text()).endsWith("sweep_floor_ratio=nan latency_ratio=nan coldstart_empty_ratio=nan");
        // a latency book whose size was not swept without the delay: no ratio rather than one against another book
        Benchmark.Results otherBook = new Benchmark.Results(r.options(), r.machine(), List.of(size(100, 20, 150)),
                r.reactions(), r.coldStarts(), null, withLatency(1800), r.jars(), r.elapsed());
        assertThat(BenchLine.latencyRatio(otherBook)).isNaN();
        assertThat(Report.markdown(without)).contains("| warm sweep ≤ 1.3× its floor | not measured | – |",
                "| sweep with 20 ms per data request ≤ 1.5× without | not measured | – |",
                "| cold start ≤ 1.5 s without SnapStart; ≤ 2× an empty SQS handler; heap ≤ 256 MB at 10,000 lots | not measured: "
                        + "not run (--no-cold) | – |");
    }

    @Test
    void theConsoleLinesCarryTheFigures() {
        assertThat(Report.sizeLine(size(1000, 90, 1400)))
                .isEqualTo("1,000 lots: new way median 90.0 ms, max 108 ms, 3 round trips, 3 price requests (3 broker requests); "
                        + "via SweepQueue 135 ms, 3 round trips; old way median 1,400 ms, 1,001 round trips, 1,000 price requests; old/new 16×");
        assertThat(Report.reactionLine(results().reactions().get(1)))
                .isEqualTo("reaction at 4 sweep(s)/min over 2 crossings: median 13.0 s, max 14.0 s of tick time");
        assertThat(Report.coldLine(100, cold(900, 1200, null)))
                .isEqualTo("cold start, 100 lots: init 900 ms, first sweep response 1,200 ms after process start; warm 28.0 ms; heap peak 45.3 MB, live 11.0 MB");
    }

    /** {@code base} with a 503 crossing of 11.5 s and a 429 one of 4 s, and a crash day of 9, 12 and 14.5 s with 93 requests in its busiest minute. */
    static Benchmark.Results withStress(Benchmark.Results base) {
        FaultReactionBench.Result faults = new FaultReactionBench.Result(List.of(
                new FaultReactionBench.Trial(503, "FXA", 10, 11.5), new FaultReactionBench.Trial(429, "FXB", 20, 4.0)));
        CrashDayBench.Result crash = new CrashDayBench.Result(List.of(9.0, 12.0, 14.5), 93, 133, 0);
        return new Benchmark.Results(base.options(), base.machine(), base.sweeps(), base.reactions(), base.coldStarts(),
                base.coldSkipped(), base.withLatency(), base.jars(), base.elapsed(), faults, crash);
    }

    @Test
    void theStressFiguresAreTheSlowestReactionsAndTheBusiestMinute() {
        Benchmark.Results base = results();
        Benchmark.Results r = withStress(base);

        assertThat(r.reactionFaultSeconds()).hasValue(11.5);
        assertThat(r.crashMaxSeconds()).hasValue(14.5);
        assertThat(r.crashRequestsPerMinute()).hasValue(93);
        assertThat(r.crash().median()).isEqualTo(12.0);
        String md = Report.markdown(r);
        assertThat(md).contains("## Under stress",
                "| reaction ≤ 15 s with one 503 or 429 on the first close (wall clock, 2 crossings) | max 11.5 s | **PASS** (3.5 s to spare) |",
                "| crash day: 50 stops in one sweep, each close order ≤ 15 s after its crossing | max 14.5 s, median 12.0 s | **PASS** (0.5 s to spare) |",
                "| crash day: ≤ 200 trading requests in any minute, none refused | 93 (0 answered 429) | **PASS** (107 to spare) |",
                "| reaction with one 503 on the first close | 1 | 11.5 s | 11.5 s | 11.5 s |");
        // each stress figure's verdict once, in the targets table
        assertThat(md.split("max 11.5 s \\|", -1)).hasSize(2);
        assertThat(base.reactionFaultSeconds()).as("not run").isEmpty();
        assertThat(Report.markdown(base)).doesNotContain("Under stress")
                .contains("| reaction ≤ 15 s with one 503 or 429 on the first close | not measured (--no-faults) | – |");
    }
}
