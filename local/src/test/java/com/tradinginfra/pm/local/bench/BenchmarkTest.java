package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.local.OneMachineStack;
import org.junit.jupiter.api.AfterAll;
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
 * The benchmark's behaviour and call counts on tiny books — never its times: the new sweep makes
 * ⌈tickers/500⌉ + ⌈contracts/100⌉ price requests and the same round trips at every size, the old
 * one a price request and an update per lot; reaction is bounded by the sweep interval in tick time.
 */
class BenchmarkTest {
    private static OneMachineStack stack;
    private static SweepBench bench;

    @BeforeAll
    static void start() {
        stack = OneMachineStack.start(OneMachineStack.Options.simulated(ManagerSettings.defaults(Benchmark.ACCOUNT), Benchmark.OPEN));
        bench = new SweepBench(stack, Benchmark.OPEN);
    }

    @AfterAll
    static void stop() {
        bench.close();
        stack.close();
    }

    @Test
    void theBookIsSixtyPercentStocksOnSharedSymbols() {
        assertThat(BenchLots.stockLotsOf(10_000)).isEqualTo(6000);
        assertThat(BenchLots.optionLotsOf(10_000)).isEqualTo(4000);
        assertThat(BenchLots.stockSymbolsOf(10_000)).isEqualTo(2000);
        assertThat(BenchLots.contractsOf(10_000)).isEqualTo(2000);
        assertThat(BenchLots.ticker(0)).isEqualTo("BAA");
        assertThat(BenchLots.ticker(2000)).matches("[A-Z]{3,4}");
        BenchLots book = BenchLots.create(stack.dataSource(), stack.simulator(), Benchmark.ACCOUNT, 50, Benchmark.OPEN);
        assertThat(book.lots()).isEqualTo(50);
        assertThat(book.stockLots()).isEqualTo(30);
        assertThat(book.optionLots()).isEqualTo(20);
        assertThat(book.symbols()).hasSize(book.stockSymbols() + book.contracts());
        assertThat(book.lastId() - book.firstId() + 1).isEqualTo(50);
    }

    @Test
    void theNewSweepMakesOnePriceRequestPerBatchAndConstantRoundTrips() {
        BenchLots small = BenchLots.create(stack.dataSource(), stack.simulator(), Benchmark.ACCOUNT, 50, Benchmark.OPEN);
        BenchLots large = BenchLots.create(stack.dataSource(), stack.simulator(), Benchmark.ACCOUNT, 1200, Benchmark.OPEN);
        SweepBench.SizeResult s = bench.measure(small, 1, 1, 0, 1);
        SweepBench.SizeResult l = bench.measure(large, 1, 1, 0, 1);

        // 50 lots: 10 tickers, 10 contracts; 1,200 lots: 240 tickers, 240 contracts
        assertThat(small.expectedPriceRequests(500)).isEqualTo(2);
        assertThat(large.expectedPriceRequests(500)).isEqualTo(1 + 3);
        SweepBench.Run sn = s.newRuns().get(0);
        SweepBench.Run ln = l.newRuns().get(0);
        assertThat(sn.requests()).containsEntry("GET /v2/stocks/snapshots", 1).containsEntry("GET /v1beta1/options/snapshots", 1);
        assertThat(ln.requests()).containsEntry("GET /v2/stocks/snapshots", 1).containsEntry("GET /v1beta1/options/snapshots", 3);
        assertThat(sn.priceRequests()).isEqualTo(small.expectedPriceRequests(500));
        assertThat(ln.priceRequests()).isEqualTo(large.expectedPriceRequests(500));
        // warm: the calendar is cached, no lot expects bracket legs, so prices are all it asks
        assertThat(ln.totalRequests()).isEqualTo(ln.priceRequests());
        assertThat(ln.roundTrips()).isEqualTo(sn.roundTrips()).isLessThanOrEqualTo(6).isPositive();
        assertThat(sn.priced()).isEqualTo(50);
        assertThat(ln.priced()).isEqualTo(1200);

        // through SweepQueue and the stack's own SweepFunction: the same costs
        assertThat(l.viaQueue().roundTrips()).isEqualTo(ln.roundTrips());
        assertThat(l.viaQueue().priceRequests()).isEqualTo(ln.priceRequests());
        assertThat(l.viaQueue().priced()).isEqualTo(1200);

        // the old way: one price request and one update per lot
        SweepBench.Run so = s.oldRuns().get(0);
        SweepBench.Run lo = l.oldRuns().get(0);
        assertThat(so.priceRequests()).isEqualTo(50);
        assertThat(lo.priceRequests()).isEqualTo(1200);
        assertThat(lo.requests().get("GET /v2/stocks/snapshots")).isEqualTo(large.stockLots());
        assertThat(lo.requests().get("GET /v1beta1/options/snapshots")).isEqualTo(large.optionLots());
        assertThat(so.roundTrips()).isEqualTo(50 + 1);
        assertThat(lo.roundTrips()).isEqualTo(1200 + 1);
        assertThat(lo.priced()).isEqualTo(1200);
    }

    @Test
    void theFloorReadsAndWritesTheBooksRowsAndAsksForItsSymbolsInTheSweepsBatches() {
        BenchLots book = BenchLots.create(stack.dataSource(), stack.simulator(), Benchmark.ACCOUNT, 1200, Benchmark.OPEN);
        SweepBench.SizeResult r = bench.measure(book, 0, 1, 0, 0, true);
        stack.simulator().resetRequestLog();

        SweepBench.FloorRun f = bench.floor(book);

        assertThat(f.rows()).isEqualTo(1200);
        assertThat(f.prices()).isEqualTo(book.symbols().size());
        assertThat(stack.simulator().requests()).hasSize(book.expectedPriceRequests(500))
                .allSatisfy(q -> assertThat(q.path()).endsWith("/snapshots"));
        assertThat(r.floorRuns()).hasSize(1);
        assertThat(bench.checkedAt(book, bench.clock())).as("the floor writes the last sweep's time back").isEqualTo(1200);
    }

    @Test
    void reactionIsBoundedByTheSweepIntervalInTickTime() {
        ReactionBench.Result four = ReactionBench.measure(4, 2, 7, Duration.ofSeconds(5));
        ReactionBench.Result one = ReactionBench.measure(1, 1, 7, Duration.ofSeconds(5));
        assertThat(four.trials()).hasSize(2).allSatisfy(t -> assertThat(t.reactionSeconds()).isBetween(0.0, 15.0));
        assertThat(one.trials()).singleElement().satisfies(t -> assertThat(t.reactionSeconds()).isBetween(0.0, 60.0));
        // the close lands on the first sweep slot at or after the crossing
        for (ReactionBench.Trial t : four.trials()) {
            double slot = Math.ceil(t.offsetSeconds() / 15.0) * 15.0;
            assertThat(t.reactionSeconds()).isCloseTo(slot - t.offsetSeconds(), org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void theReportCarriesTheMachineTheTargetsAndEveryFigure(@TempDir Path dir) throws Exception {
        Benchmark.Options options = Benchmark.Options.parse(new String[]{"--sizes", "50", "--runs", "1", "--warmup", "1",
                "--old-runs", "1", "--reaction-trials", "1", "--no-cold", "--no-faults", "--no-crash", "--out", "PERF.md",
                "--root", dir.toString()});
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Benchmark.Results results = Benchmark.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(results.sweeps()).singleElement().satisfies(r -> {
            assertThat(r.newRuns()).hasSize(1);
            assertThat(r.oldRuns()).hasSize(1);
            assertThat(r.oldRuns().get(0).priceRequests()).isEqualTo(50);
        });
        assertThat(results.reactions()).extracting(ReactionBench.Result::sweepsPerMinute).containsExactly(1, 4);
        // the floor alternates with the measured sweeps; without a 10,000-lot book the latency sweeps take the largest
        assertThat(results.sweeps().get(0).floorRuns()).singleElement().satisfies(f -> {
            assertThat(f.rows()).isEqualTo(50);
            assertThat(f.prices()).isEqualTo(20);
        });
        assertThat(results.withLatency()).isNotNull().satisfies(l -> {
            assertThat(l.book().lots()).isEqualTo(50);
            assertThat(l.newRuns()).hasSize(3).allSatisfy(run -> assertThat(run.priceRequests()).isEqualTo(2));
            assertThat(l.oldRuns()).hasSize(1);
        });
        String md = Report.markdown(results);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Benchmark.printEnd(results, md, dir.resolve("PERF.md"), new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("bench: reaction_fault_s=nan crash_max_s=nan crash_requests_per_min=nan "
                + "sweep_floor_ratio=\\d+\\.\\d\\d latency_ratio=\\d+\\.\\d\\d coldstart_empty_ratio=nan");
        assertThat(md).contains("## The sweep against its floor", "| 50 | ");
        assertThat(md).contains("## Machine", "CPUs (nproc)", "CPU model", "JVM", "## Targets", "## Warm sweep",
                "## Reaction time", "## Cold start", "not run (--no-cold)", "## Method");
        assertThat(md).contains("| 50 | 30 / 10 | 20 / 10 |");
        assertThat(md).containsPattern("reaction ≤ 15 s .*\\*\\*(PASS|MISS)\\*\\*");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("50 lots:");
    }

    @Test
    void theStressRunsAreOnByDefaultAndEachCanBeSkipped() {
        Benchmark.Options defaults = Benchmark.Options.parse(new String[0]);
        assertThat(defaults.faultTrials()).isEqualTo(2);
        assertThat(defaults.crash()).isTrue();
        assertThat(Benchmark.Options.parse(new String[]{"--quick"}).faultTrials()).isEqualTo(1);
        assertThat(Benchmark.Options.parse(new String[]{"--fault-trials", "3"}).faultTrials()).isEqualTo(3);
        Benchmark.Options skipped = Benchmark.Options.parse(new String[]{"--no-faults", "--no-crash"});
        assertThat(skipped.faultTrials()).isZero();
        assertThat(skipped.crash()).isFalse();
    }

    @Test
    void optionsParse() {
        Benchmark.Options o = Benchmark.Options.parse(new String[]{"--sizes", "100,1000,10000", "--runs", "5", "--out", "docs/PERFORMANCE.md"});
        assertThat(o.sizes()).containsExactly(100, 1000, 10_000);
        assertThat(o.runs()).isEqualTo(5);
        assertThat(o.out()).isEqualTo(Path.of("docs/PERFORMANCE.md"));
        assertThat(Benchmark.Options.parse(new String[]{"--quick"}).sizes()).isEqualTo(List.of(100, 1000));
        assertThat(o.latencyLots()).as("the issue's 10,000-lot sweep with 20 ms per data request").isEqualTo(10_000);
        assertThat(o.latencyMs()).isEqualTo(20);
    }

    @Test
    void withoutOutTheReportStaysUnderTarget() {
        Benchmark.Options o = Benchmark.Options.parse(new String[]{"--quick"});
        assertThat(o.out()).isEqualTo(Path.of("local/target/bench/PERFORMANCE.md"));
    }

    @Test
    void theColdStartEventIsAnSqsEventOfOneSweepRequest() {
        String event = ColdStart.sqsEvent(com.tradinginfra.pm.app.SweepRequest.all("bench", Benchmark.OPEN, 0));
        assertThat(event).contains("\"Records\"", "\"eventSource\":\"aws:sqs\"", "\\\"account\\\":\\\"bench\\\"");
        assertThat(Files.exists(Path.of("."))).isTrue();
    }
}
