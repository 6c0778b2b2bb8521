package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.local.OneMachineStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * {@code ./pm bench}: sweeps of 100, 1,000 and 10,000 open lots the new way and the old way,
 * reaction time with 1 and 4 sweeps a minute, cold starts of every function against an empty SQS
 * handler under the real Lambda runtime client ({@link ColdStarts}), and the function jars' sizes;
 * printed and written as Markdown with the machine they were measured on and the issues' targets.
 *
 * <pre>
 * Benchmark [--sizes 100,1000,10000] [--runs 5] [--warmup 3] [--old-runs 3] [--out local/target/bench/PERFORMANCE.md]
 *           [--reaction-trials 8] [--cold-runs 3] [--no-cold] [--no-reaction] [--quick]
 *           [--root .] [--runtime-jars a.jar:b.jar:...] [--work target/bench] [--fillfactor N]
 *           [--latency-ms 20] [--latency-lots 10000] [--fault-trials 2] [--no-faults] [--no-crash]
 * </pre>
 *
 * <p>{@code --latency-ms} (0 turns it off) sweeps the {@code --latency-lots} book again (the largest
 * size run when that size is not) with that delay on every market-data request at the simulator:
 * the loopback simulator answers in well under a millisecond, Alpaca over the internet does not.
 * Its median over the same book's median without the delay is {@code latency_ratio}; the old way
 * runs with the delay too below 10,000 lots (at 10,000 it would take minutes).
 *
 * <p>Every size's measured new-way sweeps alternate with runs of the sweep's floor
 * ({@link SweepBench.FloorRun}); the largest book's median sweep over its median floor is
 * {@code sweep_floor_ratio}. The last line printed is {@link BenchLine}, for scripts.
 *
 * <p>Under stress, paced to the wall clock with the template's SQS visibility and the account's budget
 * in the database: {@code --fault-trials} crossings whose first close meets a 503 and as many with a
 * 429 ({@link FaultReactionBench}), and the crash day, 50 stops in one sweep ({@link CrashDayBench}).
 * They take real minutes: {@code --no-faults} and {@code --no-crash} skip them.
 *
 * <p>Cold start ({@code --no-cold} skips it): {@code --cold-runs} cold starts of each function, alternating with as
 * many of {@link EmptySqsHandler} under the same runtime client and flags, on the smallest book; the worst
 * function's median over the empty handler's is {@code coldstart_empty_ratio}. Then SweepFunction sweeps the largest
 * book in a fresh JVM whose heap is read, and again capped at 256 MB of heap, and one run each of SweepFunction and
 * the empty handler logs the classes they load.
 *
 * <p>{@code --fillfactor N} is a what-if: it sets {@code active_positions}' fillfactor in the
 * embedded database before the books are created (the migrations leave it at 100).
 */
public final class Benchmark {
    /** Monday 2026-11-23 10:00 New York: the market is open. */
    static final Instant OPEN = Instant.parse("2026-11-23T15:00:00Z");
    static final String ACCOUNT = "bench";
    /** Where the report goes without {@code --out}: generated output stays under target/ (docs/PERFORMANCE.md only when asked). */
    static final Path DEFAULT_OUT = Path.of("local/target/bench/PERFORMANCE.md");

    /** What to run. */
    public record Options(List<Integer> sizes, int warmup, int runs, int oldWarmup, int oldRuns, int reactionTrials,
                          int coldRuns, int coldWarm, boolean cold, boolean reaction, Path root, Path out,
                          List<Path> runtimeJars, Path work, Integer fillfactor, int latencyMs, int latencyLots,
                          int faultTrials, boolean crash) {
        /** Without the stress runs' options: two crossings per fault, the crash day. */
        public Options(List<Integer> sizes, int warmup, int runs, int oldWarmup, int oldRuns, int reactionTrials,
                       int coldRuns, int coldWarm, boolean cold, boolean reaction, Path root, Path out,
                       List<Path> runtimeJars, Path work, Integer fillfactor, int latencyMs, int latencyLots) {
            this(sizes, warmup, runs, oldWarmup, oldRuns, reactionTrials, coldRuns, coldWarm, cold, reaction, root, out, runtimeJars,
                    work, fillfactor, latencyMs, latencyLots, 2, true);
        }

        public static Options defaults() {
            return new Options(List.of(100, 1000, 10_000), 3, 5, 1, 3, 8, 3, 3, true, true, Path.of("."),
                    DEFAULT_OUT, null, Path.of("local/target/bench"), null, 20, 10_000);
        }

        public static Options parse(String[] args) {
            Options o = defaults();
            List<Integer> sizes = o.sizes;
            int warmup = o.warmup;
            int runs = o.runs;
            int oldWarmup = o.oldWarmup;
            int oldRuns = o.oldRuns;
            int trials = o.reactionTrials;
            int coldRuns = o.coldRuns;
            int coldWarm = o.coldWarm;
            boolean cold = o.cold;
            boolean reaction = o.reaction;
            Path root = o.root;
            Path out = o.out;
            List<Path> jars = null;
            Path work = o.work;
            Integer fillfactor = null;
            int latencyMs = o.latencyMs;
            int latencyLots = o.latencyLots;
            int faultTrials = o.faultTrials;
            boolean crash = o.crash;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::parseInt).toList();
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--old-runs" -> oldRuns = Integer.parseInt(args[++i]);
                    case "--reaction-trials" -> trials = Integer.parseInt(args[++i]);
                    case "--cold-runs" -> coldRuns = Integer.parseInt(args[++i]);
                    case "--no-cold" -> cold = false;
                    case "--no-reaction" -> reaction = false;
                    case "--out" -> out = Path.of(args[++i]);
                    case "--root" -> root = Path.of(args[++i]);
                    case "--work" -> work = Path.of(args[++i]);
                    case "--fillfactor" -> fillfactor = Integer.parseInt(args[++i]);
                    case "--latency-ms" -> latencyMs = Integer.parseInt(args[++i]);
                    case "--latency-lots" -> latencyLots = Integer.parseInt(args[++i]);
                    case "--fault-trials" -> faultTrials = Integer.parseInt(args[++i]);
                    case "--no-faults" -> faultTrials = 0;
                    case "--no-crash" -> crash = false;
                    case "--runtime-jars" -> jars = Arrays.stream(args[++i].split(":")).map(Path::of).toList();
                    case "--quick" -> {
                        sizes = List.of(100, 1000);
                        runs = 3;
                        warmup = 2;
                        oldRuns = 1;
                        trials = 3;
                        coldRuns = 1;
                        coldWarm = 1;
                        faultTrials = Math.min(faultTrials, 1);
                    }
                    case "--help", "-h" -> {
                        System.out.println("usage: bench [--sizes 100,1000,10000] [--runs 5] [--warmup 3] [--old-runs 3] "
                                + "[--out local/target/bench/PERFORMANCE.md] [--reaction-trials 8] [--cold-runs 3] [--no-cold] [--no-reaction] "
                                + "[--quick] [--root .] [--runtime-jars a.jar:b.jar] [--work local/target/bench] [--fillfactor N] [--latency-ms 20] [--latency-lots 10000] "
                                + "[--fault-trials 2] [--no-faults] [--no-crash]");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                }
            }
            return new Options(sizes, warmup, runs, oldWarmup, oldRuns, trials, coldRuns, coldWarm, cold, reaction, root, out,
                    jars, work, fillfactor, latencyMs, latencyLots, faultTrials, crash);
        }
    }

    /**
     * The cold-start part: every function against the empty SQS handler, SweepFunction's cold sweep of the
     * {@code heapLots} book with its heap (and capped at 256 MB: {@code heapCapped}, or why it failed), and the classes
     * SweepFunction and the empty handler load before their first response.
     */
    public record ColdResult(ColdStarts.Result comparison, int heapLots, ColdStart.Run heapRun, ColdStart.Run heapCapped,
                             String cappedFailure, Map<String, Integer> census, Map<String, Integer> emptyCensus) {
    }

    /** Everything measured; {@code coldStarts} is null when not measured ({@code coldSkipped} says why). */
    public record Results(Options options, Machine machine, List<SweepBench.SizeResult> sweeps,
                          List<ReactionBench.Result> reactions, ColdResult coldStarts, String coldSkipped,
                          SweepBench.SizeResult withLatency, List<Report.JarSize> jars, Duration elapsed,
                          FaultReactionBench.Result faults, CrashDayBench.Result crash) {
        /** Without the stress runs. */
        public Results(Options options, Machine machine, List<SweepBench.SizeResult> sweeps,
                       List<ReactionBench.Result> reactions, ColdResult coldStarts, String coldSkipped,
                       SweepBench.SizeResult withLatency, List<Report.JarSize> jars, Duration elapsed) {
            this(options, machine, sweeps, reactions, coldStarts, coldSkipped, withLatency, jars, elapsed,
                    FaultReactionBench.Result.NOT_RUN, CrashDayBench.Result.NOT_RUN);
        }

        /** {@code reaction_fault_s}: the slowest crossing-to-order with one 503 or one 429 on the first close. */
        public OptionalDouble reactionFaultSeconds() {
            return faults.ran() ? OptionalDouble.of(faults.max()) : OptionalDouble.empty();
        }

        /** {@code crash_max_s}: the slowest of the crash day's 50 crossing-to-order times. */
        public OptionalDouble crashMaxSeconds() {
            return crash.ran() ? OptionalDouble.of(crash.max()) : OptionalDouble.empty();
        }

        /** {@code crash_requests_per_min}: the crash day's most trading requests in any 60 s. */
        public OptionalInt crashRequestsPerMinute() {
            return crash.ran() ? OptionalInt.of(crash.maxRequestsInAnyMinute()) : OptionalInt.empty();
        }

        /** {@code coldstart_empty_ratio}: the worst function's median cold start over the empty SQS handler's. */
        public OptionalDouble coldstartEmptyRatio() {
            return coldStarts == null ? OptionalDouble.empty() : OptionalDouble.of(coldStarts.comparison().coldstartEmptyRatio());
        }

        /** The sweeps of the book of {@code lots} open lots, or null when that size was not run. */
        SweepBench.SizeResult sweepOf(int lots) {
            return sweeps.stream().filter(s -> s.book().lots() == lots).findFirst().orElse(null);
        }

        /** The sweeps of the largest book run, or null when none ran. */
        SweepBench.SizeResult largestSweep() {
            return sweeps.stream().max(java.util.Comparator.comparingInt(s -> s.book().lots())).orElse(null);
        }
    }

    public static void main(String[] args) throws Exception {
        main(Options.parse(args));
    }

    /** Runs the benchmark, prints the report and writes it to {@code options.out()}; exits the JVM. */
    public static void main(Options options) throws Exception {
        Results results;
        try {
            results = run(options, System.out);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the embedded servers' threads would keep the JVM alive
            return;
        }
        String markdown = Report.markdown(results);
        Path out = options.root().resolve(options.out());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, markdown);
        printEnd(results, markdown, out, System.out);
        System.exit(0); // ElasticMQ's actor system and the JDK HTTP servers keep non-daemon threads
    }

    /** The report, where it was written, and last the {@link BenchLine} for scripts. */
    static void printEnd(Results results, String markdown, Path out, java.io.PrintStream to) {
        to.println();
        to.println(markdown);
        to.println("written to " + out.toAbsolutePath().normalize());
        to.println(BenchLine.measuredIn(results).text());
        to.flush();
    }

    /** Runs the benchmark; progress goes to {@code log}. */
    public static Results run(Options options, java.io.PrintStream log) throws Exception {
        long started = System.nanoTime();
        // The simulator is a JDK HttpServer, which closes connections idle for 30 s; AlpacaBroker
        // turns OkHttp's retry off, so its next request on such a pooled connection fails
        // ("unexpected end of stream"). Setting up 10,000 lots leaves the broker idle for longer
        // than that. Read when the server class loads: set before the first simulator starts.
        if (System.getProperty("sun.net.httpserver.idleInterval") == null) {
            System.setProperty("sun.net.httpserver.idleInterval", "3600");
        }
        Machine machine = Machine.describe();
        log.println("machine: " + machine.summary());
        List<SweepBench.SizeResult> sweeps = new ArrayList<>();
        ColdResult colds = null;
        String coldSkipped = null;
        SweepBench.SizeResult withLatency = null;
        ManagerSettings settings = ManagerSettings.defaults(ACCOUNT);
        try (OneMachineStack stack = OneMachineStack.start(OneMachineStack.Options.simulated(settings, OPEN))) {
            if (options.fillfactor() != null) {
                try (var c = stack.dataSource().getConnection(); var s = c.createStatement()) {
                    s.execute("ALTER TABLE active_positions SET (fillfactor = " + options.fillfactor() + ")");
                    s.execute("VACUUM FULL active_positions");
                }
                log.println("what-if: active_positions fillfactor " + options.fillfactor());
            }
            List<BenchLots> books = new ArrayList<>();
            try (SweepBench bench = new SweepBench(stack, OPEN)) {
                for (int n : options.sizes()) {
                    long t0 = System.nanoTime();
                    BenchLots book = BenchLots.create(stack.dataSource(), stack.simulator(), ACCOUNT, n, OPEN);
                    books.add(book);
                    log.printf(Locale.ROOT, "%,d lots tracked (%,d stock lots on %,d tickers, %,d option lots on %,d contracts) in %.1f s%n",
                            n, book.stockLots(), book.stockSymbols(), book.optionLots(), book.contracts(), (System.nanoTime() - t0) / 1e9);
                    int oldRuns = options.oldRuns();
                    SweepBench.SizeResult r = bench.measure(book, options.warmup(), options.runs(),
                            n >= 10_000 ? 0 : options.oldWarmup(), oldRuns);
                    sweeps.add(r);
                    log.println(Report.sizeLine(r));
                }
                BenchLots latencyBook = books.stream().filter(b -> b.lots() == options.latencyLots()).findFirst()
                        .orElse(books.stream().max(java.util.Comparator.comparingInt(BenchLots::lots)).orElse(null));
                if (options.latencyMs() > 0 && latencyBook != null) {
                    Duration delay = Duration.ofMillis(options.latencyMs());
                    stack.simulator().faults().delay("/v2/stocks/", delay).delay("/v1beta1/", delay);
                    try {
                        withLatency = bench.measure(latencyBook, 1, Math.max(3, options.runs()), 0,
                                latencyBook.lots() >= 10_000 ? 0 : 1, false);
                    } finally {
                        stack.simulator().faults().clear();
                    }
                    log.println("with " + options.latencyMs() + " ms per market-data request: " + Report.sizeLine(withLatency));
                }
                if (!options.cold()) {
                    coldSkipped = "not run (--no-cold)";
                } else if (books.isEmpty()) {
                    coldSkipped = "no book (--sizes is empty)";
                } else {
                    try {
                        colds = cold(options, stack, books, bench.clock().plusSeconds(60), log);
                    } catch (IllegalStateException e) {
                        coldSkipped = e.getMessage();
                        log.println("cold start not measured: " + coldSkipped);
                    }
                }
            }
        }
        List<ReactionBench.Result> reactions = new ArrayList<>();
        if (options.reaction()) {
            for (int perMinute : new int[]{1, 4}) {
                ReactionBench.Result r = ReactionBench.measure(perMinute, options.reactionTrials(), 20261123L + perMinute,
                        Duration.ofSeconds(5));
                reactions.add(r);
                log.println(Report.reactionLine(r));
            }
        }
        FaultReactionBench.Result faults = options.faultTrials() > 0
                ? FaultReactionBench.measure(options.faultTrials(), 20261124L, log) : FaultReactionBench.Result.NOT_RUN;
        CrashDayBench.Result crash = options.crash() ? CrashDayBench.measure(20261125L, log) : CrashDayBench.Result.NOT_RUN;
        List<Report.JarSize> jars = Report.jarSizes(options.root());
        return new Results(options, machine, sweeps, reactions, colds, coldSkipped, withLatency, jars,
                Duration.ofNanos(System.nanoTime() - started), faults, crash);
    }

    /**
     * Every function against the empty SQS handler on the smallest book, SweepFunction's heap on the largest (also
     * capped at 256 MB), and the class censuses.
     */
    private static ColdResult cold(Options options, OneMachineStack stack, List<BenchLots> books, Instant asOf, java.io.PrintStream log)
            throws Exception {
        List<Path> jars = options.runtimeJars() != null ? options.runtimeJars() : ColdStart.findRuntimeJars();
        BenchLots largest = books.stream().max(java.util.Comparator.comparingInt(BenchLots::lots)).orElseThrow();
        ColdStarts cold = new ColdStarts(stack, options.root(), options.root().resolve(options.work()).resolve("cold"), jars,
                books.get(0), asOf);
        ColdStarts.Result comparison = cold.compare(ColdStarts.Target.FUNCTIONS, Math.max(1, options.coldRuns()), log);
        ColdStart.Run heap = cold.sweep(largest, options.coldWarm(), null);
        log.println(Report.coldLine(largest.lots(), heap));
        ColdStart.Run capped = null;
        String cappedFailure = null;
        try {
            capped = cold.sweep(largest, 1, 256);
            log.println("with -XX:MaxHeapSize=256m: " + Report.coldLine(largest.lots(), capped));
        } catch (RuntimeException e) {
            cappedFailure = e.getMessage();
            log.println("with -XX:MaxHeapSize=256m the sweep failed: " + e.getMessage());
        }
        // which classes a cold start loads (logging them slows the JVM: not a timing run)
        Map<String, Integer> census = cold.census(ColdStarts.Target.SWEEP);
        Map<String, Integer> emptyCensus = cold.census(ColdStarts.Target.EMPTY_SQS);
        log.println("classes loaded by the first response: SweepFunction " + Samples.total(census) + ", empty handler "
                + Samples.total(emptyCensus));
        return new ColdResult(comparison, largest.lots(), heap, capped, cappedFailure, census, emptyCensus);
    }

    private Benchmark() {
    }
}
