package com.tradinginfra.pm.local.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.tradinginfra.pm.local.bench.Figures.MB;
import static com.tradinginfra.pm.local.bench.Figures.mb;
import static com.tradinginfra.pm.local.bench.Figures.ms;
import static com.tradinginfra.pm.local.bench.Figures.n;
import static com.tradinginfra.pm.local.bench.Samples.max;
import static com.tradinginfra.pm.local.bench.Samples.median;
import static com.tradinginfra.pm.local.bench.Samples.of;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_COLD_MS;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_JAR_MB;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_LOTS;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_RATIO;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_SWEEP_MS;

/** The report's explanatory text: why each missed target was missed, with the figures that show it, and how everything was measured. */
final class Commentary {
    private Commentary() {
    }

    private static boolean isJdk(String pkg) {
        return pkg.startsWith("java.") || pkg.startsWith("javax.") || pkg.startsWith("jdk.") || pkg.startsWith("sun.")
                || pkg.startsWith("com.sun.");
    }

    static void closingNote(StringBuilder md, Benchmark.Results r) {
        md.append("## Closing note: the targets missed, by how much and why\n\n");
        int misses = 0;
        SweepBench.SizeResult big = r.sweepOf(TARGET_LOTS);
        if (big != null) {
            List<Double> nt = of(big.newRuns(), SweepBench.Run::millis);
            double med = median(nt);
            double mx = max(nt);
            if (mx > TARGET_SWEEP_MS) {
                misses++;
                double db = median(of(big.newRuns(), SweepBench.Run::dbMillis));
                double broker = median(of(big.newRuns(), SweepBench.Run::brokerMillis));
                md.append(String.format(Locale.ROOT, "- **10,000-lot sweep** (median %s, max %s against 1 s): the database takes %s of the median "
                                + "(two statements: the SELECT of the open lots and the one `UPDATE … FROM unnest(…)` of all 10,000 rows), the "
                                + "24 price requests %s, the rest (rules, P&L, JSON, logging) %s. The UPDATE rewrites every row: "
                                + "`active_positions` has the default fillfactor 100, so a new row version rarely fits in its page, the update "
                                + "cannot be HOT and every one of the table's indexes gets a new entry per lot and sweep (and dead versions pile "
                                + "up between vacuums). Its `RETURNING` also sends all 10,000 updated rows back though only exiting lots are "
                                + "used. Run with `--fillfactor 50` to see the effect of leaving room in the pages.%n",
                        ms(med), ms(mx), ms(db), ms(broker), ms(Math.max(0, med - db - broker))));
            }
            if (!big.oldRuns().isEmpty()) {
                double ratio = median(of(big.oldRuns(), SweepBench.Run::millis)) / med;
                if (ratio < TARGET_RATIO) {
                    misses++;
                    md.append(String.format(Locale.ROOT, "- **old/new ratio** %.0f× against 50×: the old way's 10,000 price requests go to a simulator "
                            + "on loopback that answers each in well under a millisecond (%s in all) and its 10,001 database round trips "
                            + "to a local database take %s: on this machine each of its calls is nearly free. Real Alpaca is a network "
                            + "round trip away and allows 200 requests a minute", ratio,
                            ms(median(of(big.oldRuns(), SweepBench.Run::brokerMillis))), ms(median(of(big.oldRuns(), SweepBench.Run::dbMillis)))));
                    if (r.withLatency() != null && !r.withLatency().oldRuns().isEmpty()) {
                        SweepBench.SizeResult l = r.withLatency();
                        md.append(String.format(Locale.ROOT, "; with %d ms per market-data request the ratio at %,d lots is already %.0f×",
                                r.options().latencyMs(), l.book().lots(),
                                median(of(l.oldRuns(), SweepBench.Run::millis)) / median(of(l.newRuns(), SweepBench.Run::millis))));
                    }
                    md.append(". The call counts (10,000 vs 24 requests, 10,001 vs 2 round trips) are what does not depend on the machine.\n");
                }
            }
        }
        double floorRatio = BenchLine.sweepFloorRatio(r);
        if (floorRatio > Targets.TARGET_FLOOR_RATIO) {
            misses++;
            SweepBench.SizeResult s = r.largestSweep();
            double sweep = median(of(s.newRuns(), SweepBench.Run::millis));
            double floor = median(of(s.floorRuns(), SweepBench.FloorRun::millis));
            md.append(String.format(Locale.ROOT, "- **sweep against its floor** (%,d lots: %.2f× against 1.3×, over by %.2f×): the sweep "
                            + "took %s more than its floor of %s; of the sweep, the database took %s and the broker calls %s (wall time "
                            + "with a call in flight) against the floor's %s and %s.%n",
                    s.book().lots(), floorRatio, floorRatio - Targets.TARGET_FLOOR_RATIO, ms(sweep - floor), ms(floor),
                    ms(median(of(s.newRuns(), SweepBench.Run::dbMillis))), ms(median(of(s.newRuns(), SweepBench.Run::brokerMillis))),
                    ms(median(of(s.floorRuns(), f -> f.selectMillis() + f.updateMillis()))),
                    ms(median(of(s.floorRuns(), SweepBench.FloorRun::fetchMillis)))));
        }
        double latencyRatio = BenchLine.latencyRatio(r);
        if (latencyRatio > Targets.TARGET_LATENCY_RATIO) {
            misses++;
            SweepBench.SizeResult l = r.withLatency();
            md.append(String.format(Locale.ROOT, "- **sweep with %d ms per data request** (%,d lots: %.2f× against 1.5×, over by %.2f×): "
                            + "%d price requests, %d in flight, wait at least ⌈%d / %d⌉ × %d ms = %d ms however fast the rest is.%n",
                    r.options().latencyMs(), l.book().lots(), latencyRatio, latencyRatio - Targets.TARGET_LATENCY_RATIO,
                    l.newRuns().get(0).priceRequests(), SweepBench.FLOOR_IN_FLIGHT, l.newRuns().get(0).priceRequests(),
                    SweepBench.FLOOR_IN_FLIGHT, r.options().latencyMs(),
                    (l.newRuns().get(0).priceRequests() + SweepBench.FLOOR_IN_FLIGHT - 1) / SweepBench.FLOOR_IN_FLIGHT
                            * r.options().latencyMs()));
        }
        List<Report.JarSize> over = r.jars().stream().filter(j -> j.bytes() / MB > TARGET_JAR_MB).toList();
        if (!over.isEmpty()) {
            misses++;
            Report.JarSize j = over.get(0);
            Path jar = r.options().root().resolve(j.path());
            md.append(String.format(Locale.ROOT, "- **function jars** (%s, up to %.1f MB over 20 MB): ",
                    String.join(", ", over.stream().map(x -> x.function() + " " + mb(x.bytes())).toList()),
                    over.stream().mapToDouble(x -> x.bytes() / MB - TARGET_JAR_MB).max().orElse(0)));
            List<String> causes = new ArrayList<>();
            long rds = Report.bytesUnder(jar, "software/amazon/awssdk/services/rds/");
            if (rds > 0) {
                causes.add("the whole RDS SDK client (" + mb(rds) + "), used only to sign IAM auth tokens (`RdsUtilities`)");
            }
            long hc = Report.bytesUnder(jar, "org/apache/hc/") + Report.bytesUnder(jar, "software/amazon/awssdk/http/apache5/");
            if (hc > 0) {
                causes.add("Apache HttpClient 5 (" + mb(hc) + "): the SDK's `apache5-client`, a runtime dependency of the SDK 2.54 "
                        + "service modules that the poms do not exclude — a second HTTP client next to `url-connection-client` (and OkHttp)");
            }
            long guava = Report.bytesUnder(jar, "com/google/common/");
            if (guava > 0) {
                causes.add("Guava (" + mb(guava) + "), brought by alpaca-java");
            }
            long jackson = Report.bytesUnder(jar, "com/fasterxml/jackson/") + Report.bytesUnder(jar, "io/burt/jmespath/");
            if (jackson > 0) {
                causes.add("Jackson and JMESPath (" + mb(jackson) + ") from Powertools, next to Gson");
            }
            long logback = Report.bytesUnder(jar, "ch/qos/logback/");
            if (logback > 0) {
                causes.add("Logback (" + mb(logback) + ") for the JSON logs");
            }
            boolean same = r.jars().stream().mapToLong(x -> x.bytes() / (1024 * 1024)).distinct().count() == 1;
            md.append(String.join("; ", causes)).append(same ? ". All three jars are the same size: each function carries every "
                    + "dependency of the shared module, whether it uses it or not" : "").append(".\n");
        }
        misses += cold(md, r);
        misses += stress(md, r);
        if (misses == 0) {
            md.append("Every target measured was met.\n");
        }
        md.append('\n');
    }

    /** The cold-start targets missed: 1.5 s and 2× the empty handler; how many. */
    private static int cold(StringBuilder md, Benchmark.Results r) {
        Benchmark.ColdResult c = r.coldStarts();
        if (c == null) {
            return 0;
        }
        int misses = 0;
        List<ColdStarts.Comparison> all = c.comparison().comparisons();
        List<ColdStarts.Comparison> slow = all.stream().filter(x -> x.medianMillis() > TARGET_COLD_MS).toList();
        if (!slow.isEmpty()) {
            misses++;
            md.append("- **cold start** (medians: ").append(String.join("; ", slow.stream().map(x -> x.target().functionName() + " "
                    + ms(x.medianMillis()) + ", over by " + ms(x.medianMillis() - TARGET_COLD_MS)).toList()));
            ColdStarts.Comparison x = slow.get(0);
            md.append(String.format(Locale.ROOT, "): %s asked the runtime for its first event after %s (JVM start, runtime client, the "
                    + "handler's class and its clients: configuration, JDBC data source, broker) and answered it %s later, in a JVM "
                    + "that interprets and C1-compiles everything for the first time; the empty handler under the same client took %s",
                    x.target().functionName(), ms(x.medianInitMillis()), ms(x.medianMillis() - x.medianInitMillis()),
                    ms(x.emptyMedianMillis())));
            md.append(". SnapStart (on in the template, with priming) takes the init out of the cold path; it needs a CRaC-capable "
                    + "Lambda runtime and is not measurable on this machine.\n");
        }
        double ratio = c.comparison().coldstartEmptyRatio();
        if (ratio > Targets.TARGET_COLD_EMPTY_RATIO) {
            misses++;
            ColdStarts.Comparison worst = c.comparison().worst();
            md.append(String.format(Locale.ROOT, "- **cold start against the empty SQS handler** (%s %.2f× against 2×, over by %.2f×; "
                            + "CPU time %.2f×): what the function loads and builds that the empty handler does not",
                    worst.target().functionName(), ratio, ratio - Targets.TARGET_COLD_EMPTY_RATIO, worst.cpuRatio()));
            if (c.census() != null && c.emptyCensus() != null) {
                int lib = c.census().entrySet().stream().filter(e -> !isJdk(e.getKey())).mapToInt(Map.Entry::getValue).sum();
                List<String> groups = new ArrayList<>();
                c.census().entrySet().stream().filter(e -> !isJdk(e.getKey())).limit(5)
                        .forEach(e -> groups.add("`" + e.getKey() + "` " + n(e.getValue())));
                md.append(String.format(Locale.ROOT, ": SweepFunction loads %,d classes before its first response against the empty "
                        + "handler's %,d, %,d of them outside the JDK (largest: %s)", Samples.total(c.census()),
                        Samples.total(c.emptyCensus()), lib, String.join(", ", groups)));
            }
            md.append(". On a loaded machine the wall-clock ratio also carries the load's noise; the CPU-time ratio is the "
                    + "steadier figure.\n");
        }
        return misses;
    }

    /** The stress runs' targets missed: reaction with a fault, the crash day's time and requests; how many. */
    private static int stress(StringBuilder md, Benchmark.Results r) {
        int misses = 0;
        if (r.faults().ran() && r.faults().max() > Targets.TARGET_REACTION_S) {
            misses++;
            FaultReactionBench.Trial t = r.faults().trials().stream()
                    .max(java.util.Comparator.comparingDouble(FaultReactionBench.Trial::reactionSeconds)).orElseThrow();
            md.append(String.format(Locale.ROOT, "- **reaction with one transient failure** (max %.1f s against 15 s, over by %.1f s): the "
                            + "slowest crossing met a %d at %.1f s into the minute; its close order went out only when the failed close "
                            + "came back through SQS after the crossing's sweep slot.%n",
                    t.reactionSeconds(), t.reactionSeconds() - Targets.TARGET_REACTION_S, t.httpStatus(), t.offsetSeconds()));
        }
        if (r.crash().ran()) {
            CrashDayBench.Result c = r.crash();
            if (c.max() > Targets.TARGET_REACTION_S) {
                misses++;
                md.append(String.format(Locale.ROOT, "- **crash day** (max %.1f s against 15 s, over by %.1f s; median %.1f s): %d trading "
                                + "requests in all, at most %d in any minute, %d answered 429: the last of the 50 closes waited for "
                                + "the account's request budget or a second receive of CloseQueue.%n",
                        c.max(), c.max() - Targets.TARGET_REACTION_S, c.median(), c.tradingRequests(), c.maxRequestsInAnyMinute(),
                        c.rateLimited()));
            }
            if (c.maxRequestsInAnyMinute() > Targets.TARGET_REQUESTS_PER_MINUTE || c.rateLimited() > 0) {
                misses++;
                md.append(String.format(Locale.ROOT, "- **crash day's requests** (%d in the busiest minute against 200, %d answered 429): "
                        + "the account's budget let more through than Alpaca allows.%n", c.maxRequestsInAnyMinute(), c.rateLimited()));
            }
        }
        return misses;
    }

    static void method(StringBuilder md, Benchmark.Results r) {
        md.append("## Method\n\n");
        md.append("- **Book**: N open lots, 60 % stocks and 40 % options, tracked directly with `JdbcPositionStore.track` as sync "
                + "would. Lots share symbols as a real account does: stock lots spread over ⌈stock lots / 3⌉ tickers (3–4 letters), "
                + "option lots over ⌈option lots / 2⌉ OCC contracts written on a quarter of those tickers (calls and puts, three "
                + "expiries). At 10,000 lots: 6,000 stock lots on 2,000 tickers, 4,000 option lots on 2,000 contracts. Prices "
                + "equal entries, so no lot exits and every run re-prices the same book.\n");
        md.append("- **New way**: a SweepFunction container wired as the local stack wires its own (own `ReusableConnection` behind "
                + "a `RoundTripCounter`, own `AlpacaBroker`, SQS outbound) and the unchanged `SweepHandler`, invoked with an "
                + "`SQSEvent` of one `SweepRequest` covering the whole book (one invocation, even where sync would split 10,000 lots "
                + "into ranges of `LOTS_PER_SWEEP`). The time is the handler invocation (Lambda's Duration). Warm-up sweeps run first "
                + "(JIT, calendar cached as in a warm container); each sweep uses a new `asOf` one second later. One extra sweep goes "
                + "through SweepQueue on ElasticMQ and the stack's own SweepFunction consumer (\"via SweepQueue\": its time includes "
                + "ElasticMQ receive/delete and queue polling); its round trips match. After every sweep the bench checks (outside "
                + "the timing) that all N lots carry that sweep's `last_checked_at`.\n");
        md.append("- **Old way**: `OldWaySweep` (bench package) reads the open lots, then per lot asks "
                + "`broker.stockPrices(List.of(symbol))` or `optionPrices(List.of(occ))`, evaluates the same exit rules and writes "
                + "the lot with its own auto-commit `UPDATE`, against the same database and simulator. Old-way runs at 10,000 lots "
                + "are not preceded by a warm-up (the smaller sizes warm it).\n");
        md.append("- **Allocated / sweep**: bytes the invoking thread allocated during the sweep (`ThreadMXBean.getThreadAllocatedBytes`), "
                + "i.e. the garbage a sweep makes; the simulator's and the database's work is not included.\n");
        md.append("- **Reaction**: a separate stack in simulated time per rate (`ManagerSettings.defaults(..).withSweepsPerMinute(n)`, "
                + "`OneMachineStack.Options.simulated`). Each crossing: a stock lot opened through the simulated dispatcher (stop 95, "
                + "entry 100), tracked by a tick; then the clock moves in 5 s steps, stopping exactly at the crossing (a seeded random "
                + "offset within the minute) where the price is set to 94; the EventBridge tick runs at each minute boundary, delayed "
                + "sweeps are released when the clock reaches their `asOf`, every queue is drained at every step. Reaction = the "
                + "close order's `submittedAt` at the simulator (simulated time) − crossing time.\n");
        md.append("- **Cold start**: each function's shaded jar (and the empty handler's classes) unpacked into a task root (the "
                + "working directory, as /var/task), `java <Lambda's flags> -classpath <aws-lambda-java-core, runtime-interface-client "
                + "2.9.0, aws-lambda-java-serialization, utils-lite> com.amazonaws.services.lambda.runtime.api.client.AWSLambda "
                + "<handler>` with `AWS_LAMBDA_RUNTIME_API` pointing at the bench's Runtime API server (JDK HttpServer: "
                + "`invocation/next`, `invocation/{id}/response|error`, `init/error`), the JNI library passed as Lambda passes it "
                + "(`-D…NativeClient.JNI=`), and the template's environment pointing at the embedded database, the simulator and "
                + "ElasticMQ (`ColdStarts`). The first invocation is queued before the process starts; the time runs from just before "
                + "`ProcessBuilder.start()` to the response's arrival. `coldstart_empty_ratio` is the worst function's median over "
                + "the empty handler's medians of the same run. Not included: Lambda's own sandbox/placement time and the download "
                + "of the code; a Lambda function of 1,024 MB has about 0.6 vCPU where this machine gives the JVM "
                + r.machine().processors() + " CPUs, and runs java21 where this machine has "
                + System.getProperty("java.specification.version") + ".\n");
        md.append("- **Heap**: read from the function's own JVM (the cold-start process) after its sweeps, over the attach API and "
                + "JMX: *peak* is the sum of the heap pools' peak usage since JVM start (an upper bound; with the serial collector "
                + "eden fills to its capacity before each young GC, so it mostly measures eden's size), *live* is the heap in use "
                + "after a full GC. At the largest size the same sweeps are repeated in a JVM limited to `-XX:MaxHeapSize=256m`, "
                + "which proves the function fits in 256 MB of heap whatever the collector's sizing.\n");
        md.append("- **Latency**: the simulator's `faults().delay(path, d)` on `/v2/stocks/` and `/v1beta1/` (market data only); "
                + "after one warm-up, as many new-way sweeps of the " + n(r.options().latencyLots()) + "-lot book (the largest size "
                + "run, if that one was not) as for the sizes, at least 3, and below 10,000 lots one old-way sweep. `latency_ratio` is "
                + "their median over the same book's median without the delay, from the same run.\n");
        md.append("- **Floor**: `SweepBench.floor` on its own JDBC connection and `AlpacaBroker`, one run after each measured new-way "
                + "sweep (and after each warm-up one); `sweep_floor_ratio` is the largest book's median sweep over its median floor.\n");
        md.append("- **Sizes**: 1 MB = 2^20 bytes.\n");
    }
}
