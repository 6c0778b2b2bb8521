package com.tradinginfra.pm.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.tradinginfra.pm.local.bench.Figures.MB;
import static com.tradinginfra.pm.local.bench.Figures.mb;
import static com.tradinginfra.pm.local.bench.Figures.ms;
import static com.tradinginfra.pm.local.bench.Figures.n;
import static com.tradinginfra.pm.local.bench.Figures.pct;
import static com.tradinginfra.pm.local.bench.Figures.ratioVerdict;
import static com.tradinginfra.pm.local.bench.Figures.verdict;
import static com.tradinginfra.pm.local.bench.Samples.max;
import static com.tradinginfra.pm.local.bench.Samples.median;
import static com.tradinginfra.pm.local.bench.Samples.min;
import static com.tradinginfra.pm.local.bench.Samples.of;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_COLD_EMPTY_RATIO;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_COLD_MS;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_FLOOR_RATIO;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_LATENCY_RATIO;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_HEAP_MB;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_JAR_MB;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_LOTS;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_RATIO;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_REACTION_S;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_ROUND_TRIPS;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_SWEEP_MS;

/** docs/PERFORMANCE.md's Markdown: the machine, the targets' verdicts and every measured table, then the commentary. */
final class PerformanceReport {
    private PerformanceReport() {
    }

    static String markdown(Benchmark.Results r) {
        StringBuilder md = new StringBuilder();
        Machine m = r.machine();
        md.append("# Performance\n\n");
        md.append("Measured by `./pm bench` (`com.tradinginfra.pm.local.bench.Benchmark`) on the embedded stack: PostgreSQL 17 "
                + "(embedded), ElasticMQ for SQS and the Alpaca simulator on loopback, all in one JVM with the unchanged handlers. "
                + "This file is generated: `./pm bench --out docs/PERFORMANCE.md` refreshes it.\n\n");
        md.append("## Machine\n\n| | |\n|---|---|\n");
        md.append("| date (UTC) | ").append(m.date()).append(" |\n");
        md.append("| CPUs (nproc) | ").append(m.processors()).append(" |\n");
        md.append("| CPU model | ").append(m.cpu()).append(" |\n");
        md.append("| memory | ").append(m.memory()).append(" |\n");
        md.append("| JVM | ").append(m.jvm()).append(" |\n");
        md.append("| OS | ").append(m.os()).append(" |\n");
        md.append("| load average (1, 5, 15 min) | at start ").append(m.loadAtStart()).append("; at end ").append(Machine.loadAverage())
                .append(" — the machine is shared: a load above the CPU count means other processes competed for the CPUs and "
                        + "the times below are inflated and noisy; the call counts are not affected |\n");
        md.append("| options | sizes ").append(r.options().sizes()).append(", ").append(r.options().warmup()).append(" warm-up + ")
                .append(r.options().runs()).append(" measured new-way sweeps, ").append(r.options().oldRuns())
                .append(" old-way sweeps, ").append(r.options().reactionTrials()).append(" crossings per rate, ")
                .append(r.options().coldRuns()).append(" cold starts per function and as many of the empty handler")
                .append(r.options().fillfactor() == null ? "" : ", what-if: active_positions fillfactor " + r.options().fillfactor())
                .append(" |\n");
        md.append(String.format(Locale.ROOT, "| benchmark run time | %.0f s |%n%n", r.elapsed().toMillis() / 1000.0));

        targets(md, r);
        md.append("`./pm bench` ends with this line for scripts (`nan`: not measured in this run):\n\n```\n")
                .append(BenchLine.measuredIn(r).text()).append("\n```\n\n");
        sweeps(md, r);
        floor(md, r);
        reactions(md, r);
        StressReport.section(md, r);
        cold(md, r);
        jars(md, r);
        Commentary.closingNote(md, r);
        Commentary.method(md, r);
        return md.toString();
    }

    private static void targets(StringBuilder md, Benchmark.Results r) {
        md.append("## Targets (issues 5 and 11)\n\nMeasured on ").append(r.machine().context())
                .append(" (the end's load is in the machine table): times depend on both, call counts on neither.\n\n");
        md.append("| target | measured | result |\n|---|---|---|\n");
        SweepBench.SizeResult big = r.sweepOf(TARGET_LOTS);
        if (big == null) {
            md.append("| 10,000 lots: sweep ≤ 1 s warm, ≤ 6 round trips, old/new ≥ 50 | not measured (sizes ")
                    .append(r.options().sizes()).append(") | – |\n");
        } else {
            List<Double> nt = of(big.newRuns(), SweepBench.Run::millis);
            double med = median(nt);
            double mx = max(nt);
            md.append("| 10,000 lots swept in ≤ 1 s warm | median ").append(ms(med)).append(", max ").append(ms(mx)).append(" | ")
                    .append(verdict(mx <= TARGET_SWEEP_MS, mx <= TARGET_SWEEP_MS ? "max is " + pct(mx, TARGET_SWEEP_MS)
                            : (med <= TARGET_SWEEP_MS ? "median within; " : "median over by " + ms(med - TARGET_SWEEP_MS) + "; ")
                            + "max over by " + ms(mx - TARGET_SWEEP_MS))).append(" |\n");
            long trips = big.newRuns().stream().mapToLong(SweepBench.Run::roundTrips).max().orElse(-1);
            md.append("| ≤ 6 database round trips (10,000 lots) | ").append(trips).append(" | ")
                    .append(verdict(trips <= TARGET_ROUND_TRIPS, trips <= TARGET_ROUND_TRIPS ? (TARGET_ROUND_TRIPS - trips) + " to spare"
                            : "over by " + (trips - TARGET_ROUND_TRIPS))).append(" |\n");
            if (!big.oldRuns().isEmpty()) {
                double ratio = median(of(big.oldRuns(), SweepBench.Run::millis)) / med;
                md.append(String.format(Locale.ROOT, "| old/new ratio ≥ 50 (10,000 lots, medians) | %.0f× | %s |%n", ratio,
                        verdict(ratio >= TARGET_RATIO, ratio >= TARGET_RATIO ? String.format(Locale.ROOT, "%.1f× the target", ratio / TARGET_RATIO)
                                : String.format(Locale.ROOT, "short by %.0f×", TARGET_RATIO - ratio))));
            }
        }
        floorTarget(md, r);
        latencyTarget(md, r);
        if (r.withLatency() != null && !r.withLatency().oldRuns().isEmpty()) {
            SweepBench.SizeResult l = r.withLatency();
            double ratio = median(of(l.oldRuns(), SweepBench.Run::millis)) / median(of(l.newRuns(), SweepBench.Run::millis));
            md.append(String.format(Locale.ROOT, "| (context) old/new with %d ms per market-data request, %,d lots | %.0f× (new %s, old %s) | not a target row |%n",
                    r.options().latencyMs(), l.book().lots(), ratio, ms(median(of(l.newRuns(), SweepBench.Run::millis))),
                    ms(median(of(l.oldRuns(), SweepBench.Run::millis)))));
        }
        ReactionBench.Result four = r.reactions().stream().filter(x -> x.sweepsPerMinute() == 4).findFirst().orElse(null);
        if (four != null) {
            double mx = max(of(four.trials(), ReactionBench.Trial::reactionSeconds));
            md.append(String.format(Locale.ROOT, "| reaction ≤ 15 s of tick time at 4 sweeps/min (old: 60–300 s) | max %.1f s, median %.1f s | %s |%n",
                    mx, median(of(four.trials(), ReactionBench.Trial::reactionSeconds)),
                    verdict(mx <= TARGET_REACTION_S, mx <= TARGET_REACTION_S ? String.format(Locale.ROOT, "%.1f s to spare", TARGET_REACTION_S - mx)
                            : String.format(Locale.ROOT, "over by %.1f s", mx - TARGET_REACTION_S))));
        } else {
            md.append("| reaction ≤ 15 s at 4 sweeps/min | not measured | – |\n");
        }
        if (!r.jars().isEmpty()) {
            for (Report.JarSize j : r.jars()) {
                double size = j.bytes() / MB;
                md.append(String.format(Locale.ROOT, "| %s jar ≤ 20 MB | %.1f MB | %s |%n", j.function(), size,
                        verdict(size <= TARGET_JAR_MB, size <= TARGET_JAR_MB ? String.format(Locale.ROOT, "%.1f MB to spare", TARGET_JAR_MB - size)
                                : String.format(Locale.ROOT, "over by %.1f MB", size - TARGET_JAR_MB))));
            }
        } else {
            md.append("| each function jar ≤ 20 MB | no jars built | – |\n");
        }
        coldTargets(md, r);
        StressReport.targetRows(md, r);
        md.append('\n');
    }

    private static void coldTargets(StringBuilder md, Benchmark.Results r) {
        Benchmark.ColdResult c = r.coldStarts();
        if (c == null) {
            md.append("| cold start ≤ 1.5 s without SnapStart; ≤ 2× an empty SQS handler; heap ≤ 256 MB at 10,000 lots | not measured: ")
                    .append(r.coldSkipped()).append(" | – |\n");
            return;
        }
        List<ColdStarts.Comparison> all = c.comparison().comparisons();
        ColdStarts.Comparison slowest = all.stream().max(java.util.Comparator.comparingDouble(ColdStarts.Comparison::medianMillis)).orElseThrow();
        double med = slowest.medianMillis();
        md.append("| cold start ≤ 1.5 s without SnapStart (each function, medians) | ")
                .append(String.join(", ", all.stream().map(x -> x.target().functionName() + " " + ms(x.medianMillis())).toList()))
                .append(" | ").append(verdict(med <= TARGET_COLD_MS, med <= TARGET_COLD_MS ? "slowest " + pct(med, TARGET_COLD_MS)
                        : slowest.target().functionName() + " over by " + ms(med - TARGET_COLD_MS))).append(" |\n");
        double ratio = c.comparison().coldstartEmptyRatio();
        md.append("| cold start ≤ 2× an empty SQS handler under the same runtime client (worst function, medians) | ")
                .append(String.join(", ", all.stream().map(x -> String.format(Locale.ROOT, "%s %.2f×", x.target().functionName(),
                        x.coldstartEmptyRatio())).toList()))
                .append(" | ").append(ratioVerdict(ratio, TARGET_COLD_EMPTY_RATIO)).append(" |\n");
        if (c.heapLots() == TARGET_LOTS && c.heapRun().heap() != null) {
            ColdStart.Heap h = c.heapRun().heap();
            double peak = h.peakUsed() / MB;
            String capped = c.heapCapped() != null ? "; the same sweeps ran in a JVM capped at 256 MB of heap"
                    : c.cappedFailure() != null ? "; capped at 256 MB the sweep FAILED" : "";
            boolean fits = c.heapCapped() != null;
            String margin = peak <= TARGET_HEAP_MB ? String.format(Locale.ROOT, "%.0f MB to spare", TARGET_HEAP_MB - peak)
                    : fits ? String.format(Locale.ROOT, "the uncapped peak is %.0f MB over, the collector's sizing; capped at 256 MB it ran", peak - TARGET_HEAP_MB)
                    : String.format(Locale.ROOT, "over by %.0f MB", peak - TARGET_HEAP_MB);
            md.append(String.format(Locale.ROOT, "| heap ≤ 256 MB at 10,000 lots | peak %.1f MB, %.1f MB live after GC%s | %s |%n",
                    peak, h.liveAfterGc() / MB, capped, verdict(peak <= TARGET_HEAP_MB || fits, margin)));
        } else {
            md.append("| heap ≤ 256 MB at 10,000 lots | not measured (largest book ").append(n(c.heapLots())).append(" lots) | – |\n");
        }
    }

    private static void floorTarget(StringBuilder md, Benchmark.Results r) {
        SweepBench.SizeResult big = r.largestSweep();
        double ratio = BenchLine.sweepFloorRatio(r);
        if (big == null || Double.isNaN(ratio)) {
            md.append("| warm sweep ≤ 1.3× its floor | not measured | – |\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "| warm sweep ≤ 1.3× its floor (%,d lots, medians) | sweep %s, floor %s: %.2f× | %s |%n",
                big.book().lots(), ms(median(of(big.newRuns(), SweepBench.Run::millis))),
                ms(median(of(big.floorRuns(), SweepBench.FloorRun::millis))), ratio,
                ratioVerdict(ratio, TARGET_FLOOR_RATIO)));
    }

    private static void latencyTarget(StringBuilder md, Benchmark.Results r) {
        double ratio = BenchLine.latencyRatio(r);
        if (Double.isNaN(ratio)) {
            md.append("| sweep with 20 ms per data request ≤ 1.5× without | not measured | – |\n");
            return;
        }
        SweepBench.SizeResult l = r.withLatency();
        SweepBench.SizeResult quiet = r.sweepOf(l.book().lots());
        md.append(String.format(Locale.ROOT, "| sweep with %d ms per data request ≤ 1.5× without (%,d lots, medians) | with %s, without %s: %.2f× | %s |%n",
                r.options().latencyMs(), l.book().lots(), ms(median(of(l.newRuns(), SweepBench.Run::millis))),
                ms(median(of(quiet.newRuns(), SweepBench.Run::millis))), ratio,
                ratioVerdict(ratio, TARGET_LATENCY_RATIO)));
    }

    private static void floor(StringBuilder md, Benchmark.Results r) {
        md.append("## The sweep against its floor\n\n");
        if (r.sweeps().stream().allMatch(s -> s.floorRuns().isEmpty())) {
            md.append("Not measured.\n\n");
            return;
        }
        md.append("The floor is what any sweep of the book must at least do, measured in the same run, each floor run right after "
                + "a measured sweep: the bare SELECT of the same rows and columns over JDBC (every value read), the snapshots of the "
                + "same symbols fetched and parsed by the adapter in the same batches, " + SweepBench.FLOOR_IN_FLIGHT
                + " in flight, and one `UPDATE … FROM unnest(…)` of the same rows. The sweep's own work is the difference: the "
                + "claim, the pause and calendar reads, mapping rows to lots, P&L, the exit rules and the handler.\n\n");
        md.append("| open lots | sweep: median | floor: median | floor: SELECT | floor: fetch + parse | floor: UPDATE | sweep / floor "
                + "| sweep − floor |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SweepBench.SizeResult s : r.sweeps()) {
            if (s.floorRuns().isEmpty()) {
                continue;
            }
            double sweep = median(of(s.newRuns(), SweepBench.Run::millis));
            double floor = median(of(s.floorRuns(), SweepBench.FloorRun::millis));
            md.append("| ").append(n(s.book().lots())).append(" | ").append(ms(sweep)).append(" | ").append(ms(floor))
                    .append(" | ").append(ms(median(of(s.floorRuns(), SweepBench.FloorRun::selectMillis))))
                    .append(" | ").append(ms(median(of(s.floorRuns(), SweepBench.FloorRun::fetchMillis))))
                    .append(" | ").append(ms(median(of(s.floorRuns(), SweepBench.FloorRun::updateMillis))))
                    .append(String.format(Locale.ROOT, " | %.2f× | ", sweep / floor)).append(ms(sweep - floor)).append(" |\n");
        }
        md.append('\n');
    }

    private static void sweeps(StringBuilder md, Benchmark.Results r) {
        md.append("## Warm sweep: new way vs old way\n\n");
        md.append("New way: one `SweepRequest` for the whole book through `SweepHandler` (batch prices, one `UPDATE … FROM unnest(…)`). "
                + "Old way: one price request and one `UPDATE` per lot. Times are wall-clock per sweep; round trips are statement "
                + "executions + commits counted by `RoundTripCounter`; requests are what the simulator received during that sweep.\n\n");
        md.append("| open lots | stock lots / tickers | option lots / contracts | new: median | new: max | DB round trips | price requests "
                + "(expected ⌈tickers/500⌉+⌈contracts/100⌉) | broker requests | allocated / sweep | via SweepQueue | old: median | old: max "
                + "| old: round trips | old: price requests | old/new |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SweepBench.SizeResult s : r.sweeps()) {
            List<Double> nt = of(s.newRuns(), SweepBench.Run::millis);
            List<Double> ot = of(s.oldRuns(), SweepBench.Run::millis);
            SweepBench.Run last = s.newRuns().get(s.newRuns().size() - 1);
            SweepBench.Run old = s.oldRuns().isEmpty() ? null : s.oldRuns().get(s.oldRuns().size() - 1);
            long alloc = (long) median(of(s.newRuns(), x -> x.allocatedBytes()));
            md.append("| ").append(n(s.book().lots()))
                    .append(" | ").append(n(s.book().stockLots())).append(" / ").append(n(s.book().stockSymbols()))
                    .append(" | ").append(n(s.book().optionLots())).append(" / ").append(n(s.book().contracts()))
                    .append(" | ").append(ms(median(nt))).append(" | ").append(ms(max(nt)))
                    .append(" | ").append(last.roundTrips())
                    .append(" | ").append(last.priceRequests()).append(" (").append(s.book().expectedPriceRequests(500)).append(")")
                    .append(" | ").append(last.totalRequests())
                    .append(" | ").append(mb(alloc))
                    .append(" | ").append(ms(s.viaQueue().millis())).append(", ").append(s.viaQueue().roundTrips()).append(" trips")
                    .append(" | ").append(old == null ? "–" : ms(median(ot))).append(" | ").append(old == null ? "–" : ms(max(ot)))
                    .append(" | ").append(old == null ? "–" : n(old.roundTrips()))
                    .append(" | ").append(old == null ? "–" : n(old.priceRequests()))
                    .append(" | ").append(old == null ? "–" : String.format(Locale.ROOT, "%.0f×", median(ot) / median(nt)))
                    .append(" |\n");
        }
        if (r.withLatency() != null) {
            SweepBench.SizeResult l = r.withLatency();
            List<Double> nt = of(l.newRuns(), SweepBench.Run::millis);
            SweepBench.SizeResult quiet = r.sweepOf(l.book().lots());
            md.append(String.format(Locale.ROOT, "%nThe simulator answers on loopback in well under a millisecond. With %d ms added to every market-data "
                            + "request (roughly a keep-alive HTTPS request from Lambda to Alpaca's data API), %,d lots: new way median %s, "
                            + "max %s (%d price requests, up to %d in flight), against %s without the delay in the same run: **%.2f×**.",
                    r.options().latencyMs(), l.book().lots(), ms(median(nt)), ms(max(nt)), l.newRuns().get(0).priceRequests(), SweepBench.FLOOR_IN_FLIGHT,
                    quiet == null ? "–" : ms(median(of(quiet.newRuns(), SweepBench.Run::millis))), BenchLine.latencyRatio(r)));
            if (!l.oldRuns().isEmpty()) {
                List<Double> ot = of(l.oldRuns(), SweepBench.Run::millis);
                md.append(String.format(Locale.ROOT, " The old way with the delay: %s (%,d price requests), %.0f× the new.",
                        ms(median(ot)), l.oldRuns().get(0).priceRequests(), median(ot) / median(nt)));
            }
            md.append(String.format(Locale.ROOT, " Against Alpaca the old way is also capped by its rate limit of 200 requests a minute: "
                    + "%,d lots need %,.0f minutes of requests.%n", TARGET_LOTS, TARGET_LOTS / 200.0));
        }
        md.append("\nWhere the time goes (medians; *database* is time inside JDBC statement executions, *broker* inside broker calls, "
                + "*rest* is the handler's own work: exit rules, P&L, JSON, logging):\n\n");
        md.append("| open lots | new: database | new: broker | new: rest | old: database | old: broker | old: rest |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SweepBench.SizeResult s : r.sweeps()) {
            md.append("| ").append(n(s.book().lots())).append(" | ").append(split(s.newRuns()));
            md.append(" | ").append(s.oldRuns().isEmpty() ? "– | – | –" : split(s.oldRuns())).append(" |\n");
        }
        md.append("\nBroker requests of one warm new-way sweep, by endpoint:\n\n");
        for (SweepBench.SizeResult s : r.sweeps()) {
            SweepBench.Run last = s.newRuns().get(s.newRuns().size() - 1);
            md.append("- ").append(n(s.book().lots())).append(" lots: ");
            List<String> parts = new ArrayList<>();
            last.requests().forEach((k, v) -> parts.add("`" + k + "` × " + v));
            md.append(parts.isEmpty() ? "none" : String.join(", ", parts)).append('\n');
        }
        md.append('\n');
    }

    private static String split(List<SweepBench.Run> runs) {
        double total = median(of(runs, SweepBench.Run::millis));
        double db = median(of(runs, SweepBench.Run::dbMillis));
        double broker = median(of(runs, SweepBench.Run::brokerMillis));
        return ms(db) + " | " + ms(broker) + " | " + ms(Math.max(0, total - db - broker));
    }

    private static void reactions(StringBuilder md, Benchmark.Results r) {
        md.append("## Reaction time (seconds of tick time)\n\n");
        if (r.reactions().isEmpty()) {
            md.append("Not run.\n\n");
            return;
        }
        md.append("From the instant a price crosses a stop (a random offset within the minute) to the close order's arrival at the simulator.\n\n");
        md.append("| sweeps per minute | crossings | median | max | min | bound (60 s / rate) |\n|---:|---:|---:|---:|---:|---:|\n");
        for (ReactionBench.Result x : r.reactions()) {
            List<Double> xs = of(x.trials(), ReactionBench.Trial::reactionSeconds);
            md.append(String.format(Locale.ROOT, "| %d | %d | %.1f s | %.1f s | %.1f s | %.0f s |%n", x.sweepsPerMinute(), xs.size(),
                    median(xs), max(xs), min(xs), 60.0 / x.sweepsPerMinute()));
        }
        md.append("\nCrossings (offset in the minute → reaction):\n\n");
        for (ReactionBench.Result x : r.reactions()) {
            List<String> parts = new ArrayList<>();
            for (ReactionBench.Trial t : x.trials()) {
                parts.add(String.format(Locale.ROOT, "%.1f s → %.1f s", t.offsetSeconds(), t.reactionSeconds()));
            }
            md.append("- ").append(x.sweepsPerMinute()).append("/min: ").append(String.join("; ", parts)).append('\n');
        }
        md.append('\n');
    }

    private static void cold(StringBuilder md, Benchmark.Results r) {
        md.append("## Cold start against an empty SQS handler (no SnapStart)\n\n");
        Benchmark.ColdResult c = r.coldStarts();
        if (c == null) {
            md.append("Not measured: ").append(r.coldSkipped()).append("\n\n");
            return;
        }
        md.append("Each function's shaded jar and, as the baseline, `EmptySqsHandler` (a `RequestHandler<SQSEvent, SQSBatchResponse>` "
                + "returning an empty batch response, in a task root of only `aws-lambda-java-core`, `aws-lambda-java-events` and "
                + "joda-time), each in a fresh JVM under the real `aws-lambda-java-runtime-interface-client` 2.9.0 (its JNI client "
                + "loaded) with the same flags and Runtime API server, runs alternating function / baseline so that a change in the "
                + "machine's load falls on both. Time: from just before the process starts to the first response at the Runtime API; "
                + "*init*: when the runtime first asked for an invocation; *CPU*: user + system time of the JVM when that response "
                + "arrived (`/proc/<pid>/stat`), which hardly depends on the load. Events: SweepFunction an SQS event of one "
                + "`SweepRequest` over the ").append(n(r.sweeps().get(0).book().lots())).append("-lot book, SyncFunction a scheduled "
                + "event (an account of its own), CloseOrderFunction an SQS event of one `CloseRequest`.\n\n");
        md.append("| function | cold starts | init: median | first response: median | first response: max | CPU: median "
                + "| empty handler: median | empty handler: CPU | ratio | CPU ratio |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ColdStarts.Comparison x : c.comparison().comparisons()) {
            md.append("| ").append(x.target().functionName()).append(" | ").append(x.runs().size())
                    .append(" | ").append(ms(x.medianInitMillis()))
                    .append(" | ").append(ms(x.medianMillis()))
                    .append(" | ").append(ms(max(of(x.runs(), ColdStart.Run::firstResponseMillis))))
                    .append(" | ").append(ms(x.medianCpuMillis()))
                    .append(" | ").append(ms(x.emptyMedianMillis()))
                    .append(" | ").append(ms(x.emptyMedianCpuMillis()))
                    .append(String.format(Locale.ROOT, " | %.2f× | %.2f× |%n", x.coldstartEmptyRatio(), x.cpuRatio()));
        }
        ColdStart.Run h = c.heapRun();
        md.append(String.format(Locale.ROOT, "%nSweepFunction cold with the %,d-lot book: init %s, first response %s, warm sweeps in that JVM %s",
                c.heapLots(), ms(h.initMillis()), ms(h.firstResponseMillis()), h.warmMillis().isEmpty() ? "–" : ms(median(h.warmMillis()))));
        if (h.heap() != null) {
            md.append(String.format(Locale.ROOT, "; peak heap %s (sum of pool peaks), %s live after a full GC, %s classes loaded",
                    mb(h.heap().peakUsed()), mb(h.heap().liveAfterGc()), n(h.heap().loadedClasses())));
        }
        md.append(".");
        if (c.heapCapped() != null) {
            ColdStart.Run capped = c.heapCapped();
            md.append(String.format(Locale.ROOT, " With `-XX:MaxHeapSize=256m` it also ran: first response %s, warm %s, peak heap %s.",
                    ms(capped.firstResponseMillis()), capped.warmMillis().isEmpty() ? "–" : ms(median(capped.warmMillis())),
                    capped.heap() == null ? "–" : mb(capped.heap().peakUsed())));
        } else if (c.cappedFailure() != null) {
            md.append(" With `-XX:MaxHeapSize=256m` it FAILED: ").append(c.cappedFailure().lines().findFirst().orElse("")).append('.');
        }
        md.append('\n');
        if (c.census() != null && !c.census().isEmpty()) {
            md.append(String.format(Locale.ROOT, "%nClasses loaded before the first response (one extra run each with `-Xlog:class+load`): "
                    + "SweepFunction %,d, the empty handler %,d. SweepFunction's by package: ", Samples.total(c.census()),
                    c.emptyCensus() == null ? 0 : Samples.total(c.emptyCensus())));
            List<String> parts = new ArrayList<>();
            c.census().entrySet().stream().limit(14).forEach(e -> parts.add("`" + e.getKey() + "` " + n(e.getValue())));
            md.append(String.join(", ", parts)).append(".\n");
        }
        md.append("\nJVM flags (those of Lambda's managed Java runtime for a 1,024 MB function): `")
                .append(String.join(" ", h.jvmFlags()).replaceAll("-D(\\S+JNI)=\\S+", "-D$1=<jni>"))
                .append("`\n\n");
    }

    private static void jars(StringBuilder md, Benchmark.Results r) {
        md.append("## Function jars\n\n");
        if (r.jars().isEmpty()) {
            md.append("No `functions/*/target/*-lambda.jar` found: run `mvn -o -DskipTests package` first.\n\n");
            return;
        }
        md.append("| function | jar | size | bytes | largest packages (compressed) |\n|---|---|---:|---:|---|\n");
        for (Report.JarSize j : r.jars()) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Long> e : j.largest().subList(0, Math.min(5, j.largest().size()))) {
                parts.add("`" + e.getKey() + "` " + mb(e.getValue()));
            }
            md.append("| ").append(j.function()).append(" | `").append(j.path()).append("` | ").append(mb(j.bytes())).append(" | ")
                    .append(n(j.bytes())).append(" | ").append(String.join(", ", parts)).append(" |\n");
        }
        md.append('\n');
    }
}
