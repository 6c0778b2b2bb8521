package com.tradinginfra.pm.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static com.tradinginfra.pm.local.bench.Figures.verdict;
import static com.tradinginfra.pm.local.bench.Samples.max;
import static com.tradinginfra.pm.local.bench.Samples.median;
import static com.tradinginfra.pm.local.bench.Samples.min;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_REACTION_S;
import static com.tradinginfra.pm.local.bench.Targets.TARGET_REQUESTS_PER_MINUTE;

/** The report's rows and section on the runs under stress (issue 11): the targets' rows always, the section only when they ran. */
final class StressReport {
    /** The stress runs' rows of the targets table: {@code reaction_fault_s}, {@code crash_max_s}, {@code crash_requests_per_min}. */
    static void targetRows(StringBuilder md, Benchmark.Results r) {
        if (r.faults().ran()) {
            double mx = r.faults().max();
            md.append(String.format(Locale.ROOT, "| reaction ≤ 15 s with one 503 or 429 on the first close (wall clock, %d crossings) "
                    + "| max %.1f s | %s |%n", r.faults().trials().size(), mx, seconds(mx)));
        } else {
            md.append("| reaction ≤ 15 s with one 503 or 429 on the first close | not measured (--no-faults) | – |\n");
        }
        if (r.crash().ran()) {
            CrashDayBench.Result c = r.crash();
            md.append(String.format(Locale.ROOT, "| crash day: 50 stops in one sweep, each close order ≤ 15 s after its crossing | max %.1f s, "
                    + "median %.1f s | %s |%n", c.max(), c.median(), seconds(c.max())));
            int most = c.maxRequestsInAnyMinute();
            boolean met = most <= TARGET_REQUESTS_PER_MINUTE && c.rateLimited() == 0;
            md.append(String.format(Locale.ROOT, "| crash day: ≤ 200 trading requests in any minute, none refused | %d (%d answered 429) | %s |%n",
                    most, c.rateLimited(), verdict(met, most <= TARGET_REQUESTS_PER_MINUTE
                            ? (TARGET_REQUESTS_PER_MINUTE - most) + " to spare" + (c.rateLimited() == 0 ? "" : ", but " + c.rateLimited() + " refused")
                            : "over by " + (most - TARGET_REQUESTS_PER_MINUTE))));
        } else {
            md.append("| crash day: ≤ 15 s crossing to order, ≤ 200 trading requests a minute | not measured (--no-crash) | – |\n");
        }
    }

    private static String seconds(double max) {
        return verdict(max <= TARGET_REACTION_S, max <= TARGET_REACTION_S ? String.format(Locale.ROOT, "%.1f s to spare", TARGET_REACTION_S - max)
                : String.format(Locale.ROOT, "over by %.1f s", max - TARGET_REACTION_S));
    }

    /** The stress runs' figures in detail (their verdicts are in the targets table). */
    static void section(StringBuilder md, Benchmark.Results r) {
        if (!r.faults().ran() && !r.crash().ran()) {
            return;
        }
        md.append("## Under stress (wall-clock time, template SQS visibility, the account's budget in the database)\n\n");
        md.append("| run | crossings | median | max | min |\n|---|---:|---:|---:|---:|\n");
        if (r.faults().ran()) {
            for (int status : new int[]{503, 429}) {
                List<Double> xs = r.faults().reactions(status);
                if (!xs.isEmpty()) {
                    md.append(String.format(Locale.ROOT, "| reaction with one %d on the first close | %d | %.1f s | %.1f s | %.1f s |%n",
                            status, xs.size(), median(xs), max(xs), min(xs)));
                }
            }
        }
        if (r.crash().ran()) {
            List<Double> xs = r.crash().reactionSeconds();
            md.append(String.format(Locale.ROOT, "| crash day: crossing to close order | %d | %.1f s | %.1f s | %.1f s |%n",
                    xs.size(), median(xs), max(xs), min(xs)));
        }
        if (r.faults().ran()) {
            List<String> parts = new ArrayList<>();
            for (FaultReactionBench.Trial t : r.faults().trials()) {
                parts.add(String.format(Locale.ROOT, "%d at %.1f s → %.1f s", t.httpStatus(), t.offsetSeconds(), t.reactionSeconds()));
            }
            md.append("\nCrossings with a fault (status, offset in the minute → reaction): ").append(String.join("; ", parts)).append(".\n");
        }
        if (r.crash().ran()) {
            CrashDayBench.Result c = r.crash();
            md.append(String.format(Locale.ROOT, "%nCrash day: %d trading requests in all, at most %d in any 60 s, %d answered 429.%n",
                    c.tradingRequests(), c.maxRequestsInAnyMinute(), c.rateLimited()));
        }
        md.append('\n');
    }

    private StressReport() {
    }
}
